import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: findings and data quality")
struct StoreFindingTests {
    /// Three events at two instants, loaded, and findings about them.
    static func fixture() throws -> (StoreScratch, EventStore, [LoggedEvent]) {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let events = [
            StoreFixture.event("e-late", at: "2026-11-23T10:05:00Z", body: .joinRequest(JoinRequest(
                participantID: "anon-1", displayName: "'); DROP TABLE findings;-- 🦊", identity: .anonymous, client: .acs,
                clientIP: "198.51.100.4", outcome: .admitted))),
            StoreFixture.event("e-early", at: "2026-11-23T10:00:00Z", body: .lobbyAdmitted(LobbyAdmission(participantID: "anon-2", actorID: "anon-1"))),
            StoreFixture.event("e-app", at: "2026-11-23T10:05:00Z", body: .appAction(AppActionEvent(participantID: "anon-1", appID: "polls", action: .add))),
        ]
        let (_, logged, _) = try StoreFixture.load(events, into: store, path: "samples/day.jsonl.gz")
        return (scratch, store, logged)
    }

    static func admit(_ logged: LoggedEvent) -> Finding {
        var finding = Finding(kind: .unexpectedAdmit, rule: .lobbyRequired, severity: .high, logged: logged, policy: "ExternalEvents",
                              reason: "AutoAdmittedUsers is EveryoneInCompany, so anonymous people wait in the lobby")
        finding.identity = .anonymous
        finding.loggedIdentity = .anonymous
        finding.client = .acs
        finding.expected = .lobby
        finding.actual = .admitted
        finding.clientIP = "198.51.100.4"
        finding.displayName = "'); DROP TABLE findings;-- 🦊"
        return finding
    }

    static func unverified(_ logged: LoggedEvent, outside: Bool?) -> Finding {
        var finding = Finding(kind: .unverifiedStart, rule: .startNotAllowed, severity: .critical, logged: logged, policy: "Global",
                              reason: "nobody verified was in the meeting")
        finding.unverifiedStart = UnverifiedStartDetail(unverifiedSeconds: 312.5, unverifiedParticipants: 2, outsideSchedule: outside, endedBy: .endOfInput)
        return finding
    }

    static func app(_ logged: LoggedEvent) -> Finding {
        var finding = Finding(kind: .appViolation, rule: .anonymousAppManage, severity: .medium, logged: logged, policy: "Global",
                              reason: "anonymous people cannot manage apps")
        finding.appID = "polls"
        finding.action = .add
        return finding
    }

    static func read(_ store: EventStore) throws -> [FindingRecord] {
        var out: [FindingRecord] = []
        try store.forEachFinding { out.append($0) }
        return out
    }

    @Test("findings read back whole, by instant, then event seq, then kind, with their file's path")
    func readInOrder() throws {
        let (_, store, logged) = try Self.fixture()
        let findings = [Self.app(logged[2]), Self.unverified(logged[0], outside: nil), Self.admit(logged[0]), Self.unverified(logged[1], outside: true)]
        try store.replaceFindings(findings, problems: [])
        let records = try Self.read(store)
        #expect(records.map(\.finding) == [findings[3], findings[2], findings[1], findings[0]])
        #expect(records.allSatisfy { $0.sourcePath == "samples/day.jsonl.gz" })
        #expect(try StoreFixture.column(store, "SELECT severity_rank FROM findings WHERE kind = 'unverified_start' AND event_id = 'e-early'") == ["4"])
        #expect(try StoreFixture.column(store, "SELECT coalesce(outside_schedule, 'NULL') FROM findings WHERE kind = 'unverified_start' ORDER BY ts_ns") == ["1", "NULL"])
    }

    @Test("a database from before findings_by_event gains it on opening, with its findings read back in the same order")
    func eventOrderIndexMigration() throws {
        let (scratch, store, logged) = try Self.fixture()
        let findings = [Self.app(logged[2]), Self.unverified(logged[0], outside: nil), Self.admit(logged[0]), Self.unverified(logged[1], outside: true)]
        try store.replaceFindings(findings, problems: [])
        try store.database.execute("DROP INDEX findings_by_event; PRAGMA user_version = 3")
        let reopened = try scratch.open()
        #expect(try Schema.userVersion(reopened.database) == 4)
        #expect(try StoreFixture.column(reopened, "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'findings_by_event'") == ["findings_by_event"])
        #expect(try Self.read(reopened).map(\.finding) == [findings[3], findings[2], findings[1], findings[0]])
    }

    @Test("replacing findings removes the earlier set")
    func replaceRemovesOld() throws {
        let (_, store, logged) = try Self.fixture()
        try store.replaceFindings([Self.admit(logged[0]), Self.app(logged[2])], problems: [
            DataQualityProblem(kind: .unknownAdmitter, logged: logged[1], detail: "actor unknown"),
        ])
        try store.replaceFindings([Self.unverified(logged[1], outside: false)], problems: [])
        #expect(try Self.read(store).map(\.finding.kind) == [.unverifiedStart])
        #expect(try store.dataQualityCount() == 0)
    }

    @Test("a second finding of the same kind about the same event is refused by UNIQUE(kind, event_id)")
    func uniqueKindAndEvent() throws {
        let (_, store, logged) = try Self.fixture()
        try store.beginFindings()
        try store.insert(Self.admit(logged[0]))
        try store.insert(Self.unverified(logged[0], outside: nil))  // another kind: fine
        let error = #expect(throws: StoreError.self) { try store.insert(Self.admit(logged[0])) }
        #expect(error?.isConstraintViolation == true)
        #expect(error?.description.contains("UNIQUE constraint failed: findings.kind, findings.event_id") == true)
        try store.commit()
        #expect(try store.findingCount() == 2)
    }

    @Test("data-quality problems read back whole, by event")
    func problemsRoundTrip() throws {
        let (_, store, logged) = try Self.fixture()
        let problems = [
            DataQualityProblem(kind: .leftNotPresent, logged: logged[2], detail: "left without joining"),
            DataQualityProblem(kind: .admittedNotInLobby, logged: logged[1], detail: "not in the lobby"),
            DataQualityProblem(kind: .unknownAdmitter, logged: logged[1], detail: "admitter not recorded"),
        ]
        try store.replaceFindings([], problems: problems)
        var back: [DataQualityProblem] = []
        try store.forEachDataQualityProblem { back.append($0) }
        #expect(back == [problems[1], problems[2], problems[0]])
    }

    @Test("counts by kind and severity, data quality by kind, bad lines and re-deliveries")
    func counts() throws {
        let (_, store, logged) = try Self.fixture()
        try store.replaceFindings(
            [Self.admit(logged[0]), Self.unverified(logged[0], outside: nil), Self.unverified(logged[1], outside: true), Self.app(logged[2])],
            problems: [DataQualityProblem(kind: .unknownAdmitter, logged: logged[1], detail: "x"),
                       DataQualityProblem(kind: .unknownAdmitter, logged: logged[2], detail: "y")])
        #expect(try store.findingCountsByKind() == [.unexpectedAdmit: 1, .unverifiedStart: 2, .appViolation: 1])
        #expect(try store.findingCountsBySeverity() == [.high: 1, .critical: 2, .medium: 1])
        #expect(try store.dataQualityCountsByKind() == [.unknownAdmitter: 2])
        #expect(try store.badLineCount() == 0)
        #expect(try store.redeliveryCount() == 0)
    }
}

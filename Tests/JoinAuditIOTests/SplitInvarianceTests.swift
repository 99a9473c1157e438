import Foundation
import JoinAuditCore
import PropertyBased
import Testing

@testable import JoinAuditIO

/// The findings of a day must not depend on how its events are split across files, nor on the
/// order the files are given in (events carry distinct instants, so time order is total).
@Suite("Split invariance")
struct SplitInvarianceTests {
    @Test("findings are the same however the events are split and the files ordered")
    func splitAndOrder() async throws {
        await propertyCheck(count: 12, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...5)) { seed, fileCount in
            do {
                var day = RandomDay(seed: UInt64(seed))
                let events = day.events(count: 400)
                let whole = try judge([events])
                #expect(whole.count > 10, "a day with findings to compare")
                var rng = SplitMix(seed: UInt64(seed) ^ 0x9E37)
                var files = Array(repeating: [Event](), count: fileCount)
                for event in events { files[Int(rng.next() % UInt64(fileCount))].append(event) }
                files.reverse()
                let split = try judge(files)
                #expect(split == whole)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// Ingests each list as one file (in the given order, each file shuffled within itself)
    /// and returns the (kind, event, rule) triples.
    private func judge(_ files: [[Event]]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (index, events) in files.enumerated() {
            var bytes: [UInt8] = []
            for event in events.reversed() { JoinLogWriter.appendLine(event, to: &bytes) }
            let path = dir.appendingPathComponent("f\(index).jsonl").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let store = try EventStore(path: dir.appendingPathComponent("d.db").path)
        _ = try Ingestion(store: store).run(paths)
        let policy = try TenantPolicy(tenantID: "t-1", configuration: MeetingConfiguration(disableAppInteractionForAnonymousUsers: true),
            policies: [MeetingPolicy(name: "Global", autoAdmittedUsers: .everyone, blockedAnonymousJoinClientTypes: [.acs]),
                       MeetingPolicy(name: "Strict", allowAnonymousUsersToJoinMeeting: false, autoAdmittedUsers: .organizerOnly)],
            assignments: ["org-1": "Strict"])
        _ = try StoredReplay(store: store, policies: PolicyHistory([policy])).run()
        var triples: [String] = []
        try store.forEachFinding { triples.append("\($0.finding.kind.rawValue) \($0.finding.eventID) \($0.finding.rule.rawValue)") }
        return triples.sorted()
    }
}

/// A small deterministic generator of join-log days with every event type, distinct instants.
struct RandomDay {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }

    mutating func events(count: Int) -> [Event] {
        var events: [Event] = []
        let base = Timestamp(rfc3339: "2026-11-23T08:00:00Z")!.nanoseconds
        for n in 0..<count {
            let ts = Timestamp(nanoseconds: base + Int64(n) * 1_000_000_000 + Int64(rng.next() % 1000))
            let meeting = "m-\(rng.next() % 6)"
            let organizer = "org-\(rng.next() % 2)"
            let participant = pick(["org-0", "org-1", "u-1", "u-2", "g-1", "x-1", "anon-1", "anon-2", "pstn-1"])
            let body: EventBody
            switch rng.next() % 10 {
            case 0...3:
                let identity: LoggedIdentity = participant.hasPrefix("anon") ? .anonymous : participant.hasPrefix("pstn") ? .dialIn
                    : participant.hasPrefix("g") ? .guest : participant.hasPrefix("x") ? .external : .internal
                body = .joinRequest(JoinRequest(
                    participantID: participant, identity: identity, homeTenantID: identity == .external ? "t-2" : nil,
                    trust: identity == .external ? pick([.mutual, .outbound]) : nil,
                    role: participant == organizer ? .organizer : pick([.attendee, .attendee, .presenter]),
                    client: identity == .dialIn ? .pstn : pick([.teams, .acs]), outcome: pick([.admitted, .lobby, .rejected])))
            case 4: body = .lobbyAdmitted(LobbyAdmission(participantID: participant, actorID: pick(["system", "unknown", organizer, "u-1"])))
            case 5: body = .lobbyRemoved(LobbyRemoval(participantID: participant))
            case 6, 7: body = .left(participantID: participant)
            case 8: body = .appAction(AppActionEvent(participantID: participant, appID: "polls", action: pick([.use, .add])))
            default: body = rng.next() % 2 == 0 ? .meetingEnded : .meetingScheduled(MeetingSchedule(autoAdmittedUsers: pick(AutoAdmittedUsers.allCases)))
            }
            events.append(Event(id: "r-\(n)", ts: ts, tenantID: "t-1", meetingID: meeting,
                                organizerID: body.type == .joinRequest || body.type == .meetingScheduled ? organizer : nil, body: body))
        }
        return events
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

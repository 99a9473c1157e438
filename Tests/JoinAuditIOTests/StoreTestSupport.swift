import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// A fresh database file in its own temporary directory, removed when the test ends.
final class StoreScratch {
    let directory: URL
    var path: String { directory.appendingPathComponent("joinaudit.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("joinaudit-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func open() throws -> EventStore { try EventStore(path: path) }
}

/// Events of every type, built the way the parser builds them.
enum StoreFixture {
    static func time(_ text: String) -> Timestamp {
        guard let ts = Timestamp(rfc3339: text) else { fatalError("bad fixture time \(text)") }
        return ts
    }

    static func event(
        _ id: String, at ts: String = "2026-11-23T10:00:00Z", meeting: String = "m-1", organizer: String? = "u-ada",
        origin: Origin = .joinLog, body: EventBody
    ) -> Event {
        Event(id: id, ts: time(ts), tsText: ts, tenantID: "t-contoso", meetingID: meeting, organizerID: organizer, origin: origin, body: body)
    }

    static func logged(_ seq: Int64, file: Int, line: Int? = nil, _ event: Event) -> LoggedEvent {
        LoggedEvent(seq: seq, source: SourceLocation(fileID: file, line: line ?? Int(seq)), event: event)
    }

    /// One event of every type, with every optional field set, then with every optional unset.
    static var everyType: [Event] {
        [
            event("jr-full", body: .joinRequest(JoinRequest(
                participantID: "u-x9", displayName: "Visitor", identity: .external, homeTenantID: "t-fabrikam",
                trust: .outbound, externalAccess: false, role: .presenter, invited: true, client: .acs,
                clientIP: "198.51.100.4", outcome: .lobby))),
            event("jr-bare", organizer: "u-ada", body: .joinRequest(JoinRequest(
                participantID: "anon-7f3", identity: .anonymous, invited: nil, client: .pstn, outcome: .rejected))),
            event("jr-uninvited", body: .joinRequest(JoinRequest(
                participantID: "u-bob", identity: .internal, externalAccess: true, role: .organizer, invited: false,
                client: .teams, outcome: .admitted))),
            event("la", organizer: nil, body: .lobbyAdmitted(LobbyAdmission(participantID: "anon-7f3", actorID: LobbyAdmission.systemActor))),
            event("lr-actor", organizer: nil, body: .lobbyRemoved(LobbyRemoval(participantID: "anon-7f3", actorID: "u-ada"))),
            event("lr-timeout", organizer: nil, body: .lobbyRemoved(LobbyRemoval(participantID: "anon-7f4"))),
            event("left", organizer: nil, origin: .graph, body: .left(participantID: "u-x9")),
            event("ended", organizer: nil, body: .meetingEnded),
            event("sched-full", body: .meetingScheduled(MeetingSchedule(
                scheduledStart: time("2026-11-23T10:00:00Z"), scheduledEnd: time("2026-11-23T11:00:00.123456789Z"),
                autoAdmittedUsers: .everyoneInSameAndFederatedCompany, pstnBypassLobby: false))),
            event("sched-bare", body: .meetingScheduled(MeetingSchedule())),
            event("app", organizer: nil, origin: .purview, body: .appAction(AppActionEvent(participantID: "u-x9", appID: "app-polls", action: .configure))),
        ]
    }

    /// Loads `events` as one file, numbering from the store's next seq.
    @discardableResult
    static func load(_ events: [Event], into store: EventStore, path: String = "day.jsonl") throws -> (fileID: Int, logged: [LoggedEvent], redeliveries: Int) {
        try store.beginLoad()
        let fileID = try store.beginFile(path: path, inputKind: "join_log")
        var seq = try store.nextSeq()
        var logged: [LoggedEvent] = []
        try store.begin()
        for (index, event) in events.enumerated() {
            let row = LoggedEvent(seq: seq, source: SourceLocation(fileID: fileID, line: index + 1), event: event)
            try store.insert(row)
            logged.append(row)
            seq += 1
        }
        try store.finishFile(fileID: fileID, summary: .init(lines: events.count, events: events.count, badLines: 0))
        try store.commit()
        let redeliveries = try store.finishLoad()
        return (fileID, logged, redeliveries)
    }

    static func replayed(_ store: EventStore) throws -> [LoggedEvent] {
        var out: [LoggedEvent] = []
        try store.forEachEventInReplayOrder { out.append($0) }
        return out
    }

    /// Runs `sql` and returns its first column's values as text ("NULL" for NULL).
    static func column(_ store: EventStore, _ sql: String) throws -> [String] {
        let statement = try store.database.prepare(sql)
        var out: [String] = []
        while try statement.step() { out.append(statement.string(at: 0) ?? "NULL") }
        return out
    }

    static func eventIndexNames(_ store: EventStore) throws -> [String] {
        try column(store, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name")
    }
}

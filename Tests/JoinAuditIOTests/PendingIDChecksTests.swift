import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// The reader's short wait before each re-delivery check: events come out in the order they
/// went in, none before `depth` are waiting, and every one comes out in the end.
@Suite struct PendingIDChecksTests {
    private static func pending(_ line: Int) -> PendingIDChecks.Pending {
        let event = Event(id: "evt-\(line)", ts: Timestamp(nanoseconds: Int64(line)), tenantID: "t-1", meetingID: "m-1", body: .meetingEnded)
        return PendingIDChecks.Pending(logged: LoggedEvent(seq: 0, source: SourceLocation(fileID: 0, line: line), event: event),
                                       fingerprint: EventIDFilter.fingerprint(of: event.idText))
    }

    @Test func eventsComeOutInTheOrderTheyWentIn() {
        var waiting = PendingIDChecks()
        var out: [Int] = []
        for line in 1...30 {
            if let due = waiting.push(Self.pending(line)) { out.append(due.logged.source.line) }
            // Nothing is due until the ring is full; then one for each event pushed.
            #expect(out.count == max(0, line - PendingIDChecks.depth))
        }
        while let due = waiting.pop() { out.append(due.logged.source.line) }
        #expect(out == Array(1...30))
        #expect(waiting.pop()?.logged.source.line == nil)
    }

    @Test func theFingerprintGoesWithItsEvent() {
        var waiting = PendingIDChecks()
        for line in 1...20 {
            if let due = waiting.push(Self.pending(line)) {
                #expect(due.fingerprint == EventIDFilter.fingerprint("evt-\(due.logged.source.line)"))
            }
        }
    }
}

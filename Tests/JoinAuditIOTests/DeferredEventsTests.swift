import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// Held-back events (`meeting_ended` of imported meetings) wait in a temporary file; what comes
/// back is what went in, in the same order, with the same positions, whether they waited on
/// disk or in memory.
@Suite("Held-back import events")
struct DeferredEventsTests {
    static let t0 = Timestamp(rfc3339: "2026-11-23T09:00:00.1234567Z")!

    static var events: [(Event, ImportPosition)] {
        (0..<300).map { k in
            let body: EventBody = k % 3 == 0
                ? .meetingEnded
                : .joinRequest(JoinRequest(participantID: "p-\(k)", displayName: "\u{1B}[31mName \(k)\u{202E}\"\\", identity: .anonymous,
                                           invited: nil, client: .acs, clientIP: "2001:db8::\(k)", outcome: .lobby))
            let event = Event(id: "m-\(k):meeting_ended", ts: Timestamp(nanoseconds: t0.nanoseconds + Int64(k)), tenantID: "t-1",
                              meetingID: "19:meeting_\(k)@thread.v2", organizerID: k % 3 == 0 && k % 2 == 1 ? nil : "u-\(k)", origin: .purview, body: body)
            return (event, ImportPosition(fileIndex: k % 4, record: k + 1, line: 2 * k + 1))
        }
    }

    @Test("every event and position comes back in order", arguments: [true, false])
    func roundTrip(spillToFile: Bool) throws {
        let deferred = DeferredEvents(spillToFile: spillToFile)
        for (event, position) in Self.events { deferred.append(event, at: position) }
        #expect(deferred.count == 300)
        var back: [(Event, ImportPosition)] = []
        try deferred.forEach { back.append(($0, $1)) }
        #expect(back.count == 300)
        for ((event, position), (original, originalPosition)) in zip(back, Self.events) {
            #expect(event == original)
            #expect(position == originalPosition)
        }
        // Forgotten once handed over, and usable again.
        #expect(deferred.count == 0)
        var again = 0
        try deferred.forEach { _, _ in again += 1 }
        #expect(again == 0)
        let (one, position) = Self.events[7]
        deferred.append(one, at: position)
        var last: [Event] = []
        try deferred.forEach { event, _ in last.append(event) }
        #expect(last == [one])
    }

    /// A disk that fills up: the events must not come back silently short.
    @Test("when the temporary file cannot be written, handing them over fails rather than loses some")
    func fullDisk() throws {
        let full = try #require(fopen("/dev/full", "w+"))
        let deferred = DeferredEvents(file: full)
        for (event, position) in Self.events { deferred.append(event, at: position) }
        var back = 0
        #expect(throws: DeferredEventsError.self) { try deferred.forEach { _, _ in back += 1 } }
        #expect(back < Self.events.count)
    }
}

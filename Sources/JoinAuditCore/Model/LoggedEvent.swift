/// An event as it was read: its position in the run (`seq`, which orders ties by file then
/// line) and where it came from, so each finding links back to its evidence.
///
/// The event itself is held out of line. A logged event is copied at every stage of a run
/// (batch, reorder buffer, judgement, writer); inline, each copy retained and released every
/// string of the event, and the reorder buffer's array of them (216 bytes each) held 21 MB at
/// ten million events.
public struct LoggedEvent: Sendable, Equatable {
    /// Assigned in reading order: file order, then line order. Replay sorts by (`ts`, `seq`).
    public var seq: Int64
    public var source: SourceLocation
    @usableFromInline let storage: StoredEvent

    public var event: Event {
        _read { yield storage.event }
    }

    /// The event's meeting, as the replay's table keys it.
    var meetingKey: MeetingKey {
        _read { yield storage.meetingKey }
    }

    public init(seq: Int64, source: SourceLocation, event: Event) {
        self.seq = seq
        self.source = source
        self.storage = StoredEvent(event)
    }

    public static func == (lhs: LoggedEvent, rhs: LoggedEvent) -> Bool {
        lhs.seq == rhs.seq && lhs.source == rhs.source && (lhs.storage === rhs.storage || lhs.event == rhs.event)
    }
}

/// A logged event's immutable part: the event, and its meeting's key made where the event is
/// made, on the reading thread. The judging thread, the busiest of the three, then neither
/// hashes two ids per event (perf: 2 % of its samples) nor makes a key of its own, which
/// retained both ids and released them again (2.9 % of its samples); it reads this one in place.
@usableFromInline final class StoredEvent: Sendable {
    @usableFromInline let event: Event
    let meetingKey: MeetingKey

    init(_ event: Event) {
        // Before the event moves in: after, reading it here would copy it.
        meetingKey = MeetingKey(tenantID: event.tenantID, meetingID: event.meetingID)
        self.event = event
    }
}

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
    @usableFromInline let storage: Box<Event>
    /// The hash of the event's meeting key (`MeetingKey`), made where the event is made: on
    /// the reading thread, so that the judging one, the busiest of the three, does not hash
    /// two ids per event (perf: 2 % of its samples, and while it was busy the other two waited).
    let meetingDigest: Int

    public var event: Event {
        _read { yield storage.value }
    }

    public init(seq: Int64, source: SourceLocation, event: Event) {
        self.seq = seq
        self.source = source
        // Before the event moves into its box: after, reading it here would copy it.
        meetingDigest = MeetingKey.digest(tenantID: event.tenantID, meetingID: event.meetingID)
        self.storage = Box(event)
    }

    public static func == (lhs: LoggedEvent, rhs: LoggedEvent) -> Bool {
        lhs.seq == rhs.seq && lhs.source == rhs.source && (lhs.storage === rhs.storage || lhs.event == rhs.event)
    }
}

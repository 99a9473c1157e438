/// An event as it was read: its position in the run (`seq`, which orders ties by file then
/// line) and where it came from, so each finding links back to its evidence.
public struct LoggedEvent: Sendable, Equatable {
    /// Assigned in reading order: file order, then line order. Replay sorts by (`ts`, `seq`).
    public var seq: Int64
    public var source: SourceLocation
    public var event: Event

    public init(seq: Int64, source: SourceLocation, event: Event) {
        self.seq = seq
        self.source = source
        self.event = event
    }
}

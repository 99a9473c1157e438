/// Restores time order in a stream that is nearly in order: log lines of one meeting arrive a
/// few seconds out of order (log-format.md). Events are held in a heap until the newest instant
/// seen is `window` past them, then released in (instant, seq) order, which is the replay
/// order of semantics.md (ties: file, then line, i.e. `seq`).
///
/// An event older than one already released cannot be put in its place any more: `push`
/// reports it as `.late`, and the caller falls back to a full sort (the stored events).
public struct ReorderBuffer: Sendable {
    public let window: Int64
    /// Held events in replay order, from `head` on. The input is nearly sorted, so a new event
    /// almost always goes at the end; a heap of these large values measured 3× slower (every
    /// swap copies and retains a whole event).
    private var held: [LoggedEvent] = []
    private var head = 0
    private var newest = Int64.min
    private var lastReleased: (ts: Int64, seq: Int64)?

    public enum Admission: Sendable, Equatable {
        case accepted
        /// Earlier than an event already released: time order can no longer be restored here.
        case late
    }

    /// `window` in nanoseconds.
    public init(window: Int64) {
        self.window = window
    }

    public var count: Int { held.count - head }

    public mutating func push(_ event: LoggedEvent) -> Admission {
        let ts = event.event.ts.nanoseconds
        if let last = lastReleased, ts < last.ts || (ts == last.ts && event.seq < last.seq) {
            return .late
        }
        var position = held.count
        while position > head && Self.before(event, held[position - 1]) { position -= 1 }
        if position == held.count { held.append(event) } else { held.insert(event, at: position) }
        if ts > newest { newest = ts }
        return .accepted
    }

    /// Releases, in order, every event at least `window` older than the newest seen.
    public mutating func release(_ body: (LoggedEvent) throws -> Void) rethrows {
        let horizon = newest == Int64.min ? Int64.min : newest &- window
        while head < held.count, held[head].event.ts.nanoseconds <= horizon {
            try body(popFirst())
        }
        compact()
    }

    /// Releases everything, in order (at the end of the input).
    public mutating func drain(_ body: (LoggedEvent) throws -> Void) rethrows {
        while head < held.count { try body(popFirst()) }
        compact()
    }

    private mutating func popFirst() -> LoggedEvent {
        let first = held[head]
        head += 1
        lastReleased = (first.event.ts.nanoseconds, first.seq)
        return first
    }

    /// Drops released events from storage once they are half of it, so it stays bounded.
    private mutating func compact() {
        if head > 1024 && head * 2 > held.count {
            held.removeFirst(head)
            head = 0
        } else if head == held.count {
            held.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    private static func before(_ a: LoggedEvent, _ b: LoggedEvent) -> Bool {
        let ta = a.event.ts.nanoseconds, tb = b.event.ts.nanoseconds
        return ta != tb ? ta < tb : a.seq < b.seq
    }
}

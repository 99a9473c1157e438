/// Restores time order in a stream that is nearly in order: log lines of one meeting arrive a
/// few seconds out of order (log-format.md). Events are held (in arrival order, and those that
/// arrive behind others in a heap) until the newest instant seen is `window` past them, then
/// released in (instant, seq) order, which is the replay order of semantics.md (ties: file,
/// then line, i.e. `seq`).
///
/// An event older than one already released cannot be put in its place any more: `push`
/// reports it as `.late`, and the caller falls back to a full sort (the stored events).
///
/// At most `capacity` events are held, whatever the rate: past it the earliest is released
/// before the window has passed. That keeps memory flat on the busiest days (30 s of the
/// busiest minute of a 10M-event day is 18,600 events, about 13 MB), and it stays exact: an
/// event that then turns up behind a released one is `.late` like any other.
public struct ReorderBuffer: Sendable {
    public let window: Int64
    public let capacity: Int
    /// Events that arrived in order, from `head` on: almost all of them, appended at the end.
    private var held: [LoggedEvent] = []
    private var head = 0
    /// Events that arrived behind one already held, in a binary min-heap. Putting them into
    /// `held` in place moved every later element: at ten million events a day, 30 s of the
    /// busiest hour is tens of thousands of events, moved for each late one.
    private var behind: [LoggedEvent] = []
    private var newest = Int64.min
    private var lastReleased: (ts: Int64, seq: Int64)?

    public enum Admission: Sendable, Equatable {
        case accepted
        /// Earlier than an event already released: time order can no longer be restored here.
        case late
    }

    /// `window` in nanoseconds.
    public init(window: Int64, capacity: Int = 8192) {
        precondition(capacity > 0, "a reorder buffer holds at least one event")
        self.window = window
        self.capacity = capacity
    }

    public var count: Int { held.count - head + behind.count }

    public mutating func push(_ event: LoggedEvent) -> Admission {
        let ts = event.event.ts.nanoseconds
        if let last = lastReleased, ts < last.ts || (ts == last.ts && event.seq < last.seq) {
            return .late
        }
        if head < held.count, Self.before(event, held[held.count - 1]) {
            pushBehind(event)
        } else {
            held.append(event)
        }
        if ts > newest { newest = ts }
        return .accepted
    }

    /// Releases, in order, every event at least `window` older than the newest seen, and the
    /// earliest ones beyond `capacity`.
    public mutating func release(_ body: (LoggedEvent) throws -> Void) rethrows {
        let horizon = newest == Int64.min ? Int64.min : newest &- window
        while let earliest = earliestInstant(), earliest <= horizon || count > capacity {
            try body(popFirst())
        }
        compact()
    }

    /// Releases everything, in order (at the end of the input).
    public mutating func drain(_ body: (LoggedEvent) throws -> Void) rethrows {
        while count > 0 { try body(popFirst()) }
        compact()
    }

    /// The instant of the earliest held event (the head of the in-order run or of the heap),
    /// read in place.
    private func earliestInstant() -> Int64? {
        if head < held.count {
            let inOrder = held[head].event.ts.nanoseconds
            return behind.isEmpty ? inOrder : min(inOrder, behind[0].event.ts.nanoseconds)
        }
        return behind.isEmpty ? nil : behind[0].event.ts.nanoseconds
    }

    private mutating func popFirst() -> LoggedEvent {
        let first: LoggedEvent
        if !behind.isEmpty, head == held.count || Self.before(behind[0], held[head]) {
            first = popBehind()
        } else {
            first = held[head]
            head += 1
        }
        lastReleased = (first.event.ts.nanoseconds, first.seq)
        return first
    }

    private mutating func pushBehind(_ event: LoggedEvent) {
        behind.append(event)
        var child = behind.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(behind[child], behind[parent]) else { break }
            behind.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popBehind() -> LoggedEvent {
        let top = behind[0]
        let last = behind.removeLast()
        guard !behind.isEmpty else { return top }
        behind[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < behind.count, Self.before(behind[left], behind[smallest]) { smallest = left }
            if right < behind.count, Self.before(behind[right], behind[smallest]) { smallest = right }
            if smallest == parent { break }
            behind.swapAt(parent, smallest)
            parent = smallest
        }
        return top
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

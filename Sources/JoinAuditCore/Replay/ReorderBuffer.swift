/// Restores time order in a stream that is nearly in order: log lines of one meeting arrive a
/// few seconds out of order (log-format.md). Events are held in a heap until the newest instant
/// seen is `window` past them, then released in (instant, seq) order, which is the replay
/// order of semantics.md (ties: file, then line, i.e. `seq`).
///
/// An event older than one already released cannot be put in its place any more: `push`
/// reports it as `.late`, and the caller falls back to a full sort (the stored events).
public struct ReorderBuffer: Sendable {
    public let window: Int64
    private var heap: [LoggedEvent] = []
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

    public var count: Int { heap.count }

    public mutating func push(_ event: LoggedEvent) -> Admission {
        let ts = event.event.ts.nanoseconds
        if let last = lastReleased, ts < last.ts || (ts == last.ts && event.seq < last.seq) {
            return .late
        }
        heap.append(event)
        siftUp(heap.count - 1)
        if ts > newest { newest = ts }
        return .accepted
    }

    /// Releases, in order, every event at least `window` older than the newest seen.
    public mutating func release(_ body: (LoggedEvent) throws -> Void) rethrows {
        let horizon = newest == Int64.min ? Int64.min : newest &- window
        while let first = heap.first, first.event.ts.nanoseconds <= horizon {
            try body(popFirst())
        }
    }

    /// Releases everything, in order (at the end of the input).
    public mutating func drain(_ body: (LoggedEvent) throws -> Void) rethrows {
        while !heap.isEmpty { try body(popFirst()) }
    }

    private mutating func popFirst() -> LoggedEvent {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        lastReleased = (first.event.ts.nanoseconds, first.seq)
        return first
    }

    private static func before(_ a: LoggedEvent, _ b: LoggedEvent) -> Bool {
        let ta = a.event.ts.nanoseconds, tb = b.event.ts.nanoseconds
        return ta != tb ? ta < tb : a.seq < b.seq
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        let n = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < n else { return }
            var smallest = left
            if left + 1 < n, Self.before(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard Self.before(heap[smallest], heap[parent]) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}

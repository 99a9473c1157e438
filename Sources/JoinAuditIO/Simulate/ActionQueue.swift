/// Something the simulation will do at a given millisecond: the next meeting to appear, a
/// session to open or close, a participant to arrive, be let in, act or leave.
struct SimulationAction {
    enum Kind: UInt8 {
        /// The next meeting of the day appears (its `meeting_scheduled`, or its first join).
        case nextMeeting
        case openSession
        case arrive
        /// Whoever can let people in looks at the lobby.
        case lobbyCheck
        /// The service lets a waiting person in by itself, now that the session has started.
        case systemAdmit
        case appAction
        case leave
        case endSession
    }

    var at: Int64
    /// Insertion order: actions due the same millisecond run in the order they were planned,
    /// which keeps the day deterministic.
    var order: UInt64
    var meeting: Int32
    var person: Int32
    /// The meeting's session epoch when planned; a stale action (its session ended) is dropped.
    var epoch: UInt32
    var kind: Kind

    @inline(__always)
    static func precedes(_ a: SimulationAction, _ b: SimulationAction) -> Bool {
        a.at != b.at ? a.at < b.at : a.order < b.order
    }
}

/// A 4-ary min-heap of actions by (time, order): the simulator's agenda. It holds the pending
/// actions of the meetings in progress only, so its size follows how many meetings run at
/// once, never the length of the day. Four children per node: half the depth of a binary
/// heap, and a node's children share cache lines (popping was 7% of the simulator's time
/// with a binary heap of 50k actions).
struct ActionQueue {
    private var heap: [SimulationAction] = []
    private var nextOrder: UInt64 = 0
    private(set) var peakCount = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ kind: SimulationAction.Kind, at: Int64, meeting: Int32 = -1, person: Int32 = -1, epoch: UInt32 = 0) {
        let item = SimulationAction(at: at, order: nextOrder, meeting: meeting, person: person, epoch: epoch, kind: kind)
        nextOrder += 1
        heap.append(item)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) >> 2
            guard SimulationAction.precedes(item, heap[parent]) else { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = item
        if heap.count > peakCount { peakCount = heap.count }
    }

    mutating func pop() -> SimulationAction? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        let n = heap.count
        guard n > 0 else { return top }
        var i = 0
        while true {
            let first = 4 * i + 1
            guard first < n else { break }
            var child = first
            let end = min(first + 4, n)
            var k = first + 1
            while k < end {
                if SimulationAction.precedes(heap[k], heap[child]) { child = k }
                k += 1
            }
            guard SimulationAction.precedes(heap[child], last) else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = last
        return top
    }
}

import JoinAuditCore

/// Reads the simulator's join-log lines back into events and hands them on in time order,
/// each id once: the log shipper's noise (lines a few seconds late, re-deliveries) is the
/// join log's, not the service's, and Microsoft's sources do not have it.
///
/// Bounded: a line is held only until the stream has moved `window` past it (the shipper
/// delays lines by at most six seconds), and an id is remembered for twice that.
final class JoinLogEventFeed {
    /// How far behind the latest time seen a line may still arrive.
    static let window: Int64 = 30_000_000_000

    private let parser = JoinLogLineParser()
    private let deliver: (Event) throws -> Void
    private var heap = EventHeap()
    private var arrival: Int64 = 0
    private var latest: Int64 = .min
    private var seen: Set<String> = []
    /// Ids in the order they were first seen, with their times, to forget them again.
    private var seenOrder: [(ns: Int64, id: String)] = []
    private var seenHead = 0
    private(set) var redeliveries = 0

    init(deliver: @escaping (Event) throws -> Void) {
        self.deliver = deliver
    }

    /// Takes a chunk of whole lines.
    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var start = 0
        let n = chunk.count
        while start < n {
            var end = start
            while end < n && chunk[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && chunk[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd > start {
                let event = try parser.parse(UnsafeRawBufferPointer(rebasing: chunk[start..<lineEnd]))
                try take(event)
            }
            start = end + 1
        }
    }

    /// Takes one event.
    func take(_ event: Event) throws {
        let ns = event.ts.nanoseconds
        guard seen.insert(event.id).inserted else {
            redeliveries += 1
            return
        }
        seenOrder.append((ns, event.id))
        arrival += 1
        heap.push(EventHeap.Entry(ns: ns, arrival: arrival, event: event))
        if ns > latest {
            latest = ns
            try release(before: latest - Self.window)
            forget(before: latest - 2 * Self.window)
        }
    }

    /// Hands on everything still held.
    func finish() throws {
        try release(before: .max)
    }

    private func release(before limit: Int64) throws {
        while let top = heap.topTime, top < limit {
            try deliver(heap.pop()!)
        }
    }

    private func forget(before limit: Int64) {
        while seenHead < seenOrder.count && seenOrder[seenHead].ns < limit {
            seen.remove(seenOrder[seenHead].id)
            seenHead += 1
        }
        if seenHead > 4096 && seenHead * 2 > seenOrder.count {
            seenOrder.removeFirst(seenHead)
            seenHead = 0
        }
    }
}

/// A binary min-heap of events by (time, arrival): ties keep the order lines came in. The
/// heap moves small entries; the events stay put in slots (an event is a dozen strings).
struct EventHeap {
    struct Entry {
        var ns: Int64
        var arrival: Int64
        var event: Event
    }

    private struct Key {
        var ns: Int64
        var arrival: Int64
        var slot: Int32

        func precedes(_ other: Key) -> Bool { ns != other.ns ? ns < other.ns : arrival < other.arrival }
    }

    private var keys: [Key] = []
    private var slots: [Event?] = []
    private var free: [Int32] = []

    var topTime: Int64? { keys.first?.ns }
    var count: Int { keys.count }

    mutating func push(_ entry: Entry) {
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            slots[Int(slot)] = entry.event
        } else {
            slot = Int32(slots.count)
            slots.append(entry.event)
        }
        keys.append(Key(ns: entry.ns, arrival: entry.arrival, slot: slot))
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[i].precedes(keys[parent]) else { break }
            keys.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Event? {
        guard !keys.isEmpty else { return nil }
        keys.swapAt(0, keys.count - 1)
        let key = keys.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var best = i
            if l < keys.count && keys[l].precedes(keys[best]) { best = l }
            if r < keys.count && keys[r].precedes(keys[best]) { best = r }
            if best == i { break }
            keys.swapAt(i, best)
            i = best
        }
        let event = slots[Int(key.slot)].take()!
        free.append(key.slot)
        return event
    }
}

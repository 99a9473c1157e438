import Foundation

/// A bounded first-in first-out hand-off between two threads. Bounded, so a fast reader waits
/// for a slower writer instead of filling memory.
///
/// A fixed ring whose slot is emptied as its item is taken: an earlier version kept taken items
/// in its array until it compacted, which held up to 64 spent batches of events (and all their
/// strings) per queue, about 15 MB at peak.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Element?]
    private var head = 0
    private var count = 0

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(capacity, 1))
    }

    func put(_ item: Element) {
        condition.lock()
        while count == slots.count { condition.wait() }
        slots[(head + count) % slots.count] = item
        count += 1
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Element {
        condition.lock()
        while count == 0 { condition.wait() }
        let item = slots[head].take()!
        head = (head + 1) % slots.count
        count -= 1
        condition.broadcast()
        condition.unlock()
        return item
    }
}

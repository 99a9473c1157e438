import JoinAuditCore

/// Parsed events waiting a few lines for their re-delivery check, so that the memory the
/// check reads has been asked for (`EventIDFilter.prefetch`) by the time it is made. Events
/// leave in the order they came, so `seq` still follows the order of reading.
struct PendingIDChecks {
    /// The event is already a `LoggedEvent`, which holds it out of line: moving one in and
    /// out of the ring moves 32 bytes instead of the whole event (with the event inline,
    /// `memmove` went from 4 % to 10 % of the reading thread's samples). Its `seq` is set
    /// when it is settled.
    struct Pending {
        var logged: LoggedEvent
        var fingerprint: EventIDFilter.Fingerprint
    }

    /// Far enough ahead for a cache miss (one line takes about 1.5 µs to read and parse),
    /// near enough that the lines asked for are still in the cache.
    static let depth = 8

    private var ring = [Pending?](repeating: nil, count: depth)
    private var head = 0
    private var count = 0

    /// Adds an event; when `depth` were waiting already, the oldest is due and comes back.
    mutating func push(_ pending: consuming Pending) -> Pending? {
        var due: Pending?
        if count == Self.depth { due = pop() }
        ring[(head + count) % Self.depth] = pending
        count += 1
        return due
    }

    /// The oldest waiting event, if any.
    mutating func pop() -> Pending? {
        guard count > 0 else { return nil }
        let due = ring[head].take()
        head = (head + 1) % Self.depth
        count -= 1
        return due
    }
}

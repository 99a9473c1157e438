import JoinAuditCore

/// Judges the stored events, in replay order, under the current and the proposed policy side
/// by side (`WhatIfReplay`). Reads only: the stored findings stay those of the last replay.
public struct StoredWhatIf {
    public let store: EventStore
    public let current: PolicyHistory
    public let proposed: PolicyHistory

    public init(store: EventStore, current: PolicyHistory, proposed: PolicyHistory) {
        self.store = store
        self.current = current
        self.proposed = proposed
    }

    public func run() throws -> WhatIfResult {
        // A load left unfinished still holds re-deliveries: finish it first, as replay does.
        try store.finishLoad()
        var whatIf = WhatIfReplay(current: current, proposed: proposed)
        try store.forEachEventInReplayOrder { whatIf.process($0) }
        return whatIf.finish()
    }
}

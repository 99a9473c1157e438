/// Decides when the simulated service misbehaves, so that each kind of violation makes up an
/// even share of `violationRate` and shows up steadily through the day.
///
/// Every kind owes `violationRate × lines / kinds` violations at any point of the day; when
/// what it owes passes a random gate (drawn afresh after each one), the next chance that fits
/// — a join request whose expected outcome allows that kind of mistake, a person waiting in
/// the lobby, an anonymous participant with an app — takes it. Kinds the policy makes
/// impossible (no anonymous app use to catch when it is allowed) simply never come due.
struct ViolationPlanner {
    let rate: Double
    private var committed: [Int]
    private var gates: [Double]
    private var random: SimulationRandom

    init(rate: Double, seed: UInt64) {
        self.rate = rate
        committed = Array(repeating: 0, count: Self.kinds.count)
        random = SimulationRandom(seed: seed ^ 0x7669_6F6C_6174_696F)
        gates = Array(repeating: 0, count: Self.kinds.count)
        for i in gates.indices { gates[i] = random.unit() }
    }

    private static let kinds = SimulatedViolation.allCases

    @inline(__always)
    private static func index(_ kind: SimulatedViolation) -> Int { kinds.firstIndex(of: kind)! }

    /// How far `kind` is behind its share after `lines` lines.
    private func owed(_ kind: SimulatedViolation, lines: Int) -> Double {
        let share = rate * Double(lines + 1) / Double(Self.kinds.count)
        return share - Double(committed[Self.index(kind)])
    }

    /// The kind among `candidates` most behind its share, if one is due now.
    func due(_ candidates: [SimulatedViolation], lines: Int) -> SimulatedViolation? {
        guard rate > 0 else { return nil }
        var best: SimulatedViolation?
        var bestOwed = 0.0
        for kind in candidates {
            let owed = owed(kind, lines: lines)
            if owed > gates[Self.index(kind)] && (best == nil || owed > bestOwed) {
                best = kind
                bestOwed = owed
            }
        }
        return best
    }

    /// Whether `kind` alone is due now.
    func isDue(_ kind: SimulatedViolation, lines: Int) -> Bool {
        rate > 0 && owed(kind, lines: lines) > gates[Self.index(kind)]
    }

    /// Records that the violation was committed.
    mutating func commit(_ kind: SimulatedViolation) {
        let i = Self.index(kind)
        committed[i] += 1
        gates[i] = random.unit()
    }
}

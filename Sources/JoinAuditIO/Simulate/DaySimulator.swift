import JoinAuditCore

/// Writes a realistic day of one tenant's Teams join log (log-format.md), for demos, capacity
/// planning and the benchmarks: meetings through the day, their sessions and people, the
/// lobby, leaves and ends, app actions, and a small share of policy violations of every kind
/// and of log-pipeline noise.
///
/// The service's behaviour is the real evaluator's: each join request's logged outcome is
/// `JoinEvaluator.decide` under the meeting's settings and the session as it stands, except
/// where a violation is injected (`SimulatedViolation`), so analyzing the day finds what was
/// injected and, with a rate of 0, only what the policy itself allows (`unverified_start`
/// with `start_allowed`, refused attempts from blocked clients).
///
/// Deterministic: the same options and policy give the same bytes. Streaming: it holds only
/// the meetings in progress and their pending actions, and hands lines on in chunks, so
/// memory follows how many meetings run at once, not the number of lines.
public struct DaySimulator: Sendable {
    public var options: SimulationOptions
    public var policy: TenantPolicy

    /// A problem with the options, as one sentence.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidDate(String)
        case invalidCount(Int)
        case invalidRate(name: String, value: Double)

        public var description: String {
            switch self {
            case .invalidDate(let text): "the date \"\(text)\" is not a day in YYYY-MM-DD form"
            case .invalidCount(let count): "the number of events must be 0 or more, not \(count)"
            case .invalidRate(let name, let value): "\(name) must be between 0 and 0.5, not \(value)"
            }
        }
    }

    public init(options: SimulationOptions, policy: TenantPolicy = DaySimulator.defaultPolicy()) {
        self.options = options
        self.policy = policy
    }

    /// The tenant the day's events belong to: the policy's, or the built-in policy's.
    public var tenantID: String { policy.tenantID ?? Self.defaultTenantID }

    static let defaultTenantID = "t-contoso"

    /// Simulates the day, handing its lines to `write` in chunks of whole lines (about
    /// 256 KiB each; each chunk is valid only during the call).
    public func run(_ write: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> SimulationSummary {
        guard options.events >= 0 else { throw Failure.invalidCount(options.events) }
        guard let dayStart = MillisecondTime.midnight(of: options.date), options.date.utf8.count == 10 else {
            throw Failure.invalidDate(options.date)
        }
        for (name, value) in [("the violation rate", options.violationRate), ("the noise rate", options.noiseRate)]
        where !(value >= 0 && value <= 0.5) {
            throw Failure.invalidRate(name: name, value: value)
        }
        let run = SimulationRun(options: options, policy: policy, tenantID: tenantID, dayStart: dayStart, sink: write)
        return try run.simulate()
    }

    /// The whole day as bytes: for tests and small days.
    public func bytes() throws -> (bytes: [UInt8], summary: SimulationSummary) {
        final class Collected { var bytes: [UInt8] = [] }
        let collected = Collected()
        let summary = try run { collected.bytes.append(contentsOf: $0) }
        return (collected.bytes, summary)
    }
}

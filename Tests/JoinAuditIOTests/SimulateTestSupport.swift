import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// Simulated days for the tests, made once and shared: a 20k-line day under the built-in
/// policy (with violations and noise), and the same day with neither.
enum SimulatedDay {
    struct Day: Sendable {
        var bytes: [UInt8]
        var summary: SimulationSummary
        /// Each line's text, in file order.
        var lines: [String]
        var events: [Event]
    }

    static let standard = make(SimulationOptions(events: 20_000, seed: 42))
    static let clean = make(SimulationOptions(events: 20_000, seed: 42, violationRate: 0, noiseRate: 0))

    static func make(_ options: SimulationOptions, policy: TenantPolicy = DaySimulator.defaultPolicy()) -> Day {
        let (bytes, summary) = try! DaySimulator(options: options, policy: policy).bytes()
        let lines = lines(of: bytes)
        let parser = JoinLogLineParser()
        let events = lines.map { try! parser.parse($0) }
        return Day(bytes: bytes, summary: summary, lines: lines, events: events)
    }

    static func lines(of bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Replays the day as the analyzer would: each id once (re-deliveries dropped), ordered
    /// by time, ties in file order.
    static func replay(
        _ events: [Event], policy: TenantPolicy = DaySimulator.defaultPolicy(), archive: (any MeetingArchive)? = nil,
        archiveIdleAfter: Int64? = nil, archiveIdleAbove: Int? = nil
    ) -> ReplayOutput {
        var seen: Set<String> = []
        var logged: [LoggedEvent] = []
        for (i, event) in events.enumerated() where seen.insert(event.id).inserted {
            logged.append(LoggedEvent(seq: Int64(i), source: SourceLocation(fileID: 1, line: i + 1), event: event))
        }
        logged.sort { ($0.event.ts, $0.seq) < ($1.event.ts, $1.seq) }
        var replay = Replay(policies: PolicyHistory([policy]))
        replay.archive = archive
        if let archiveIdleAfter {
            replay.archiveIdleAfter = archiveIdleAfter
            replay.archiveSweepInterval = 1
            replay.archiveIdleAbove = 0
        }
        if let archiveIdleAbove { replay.archiveIdleAbove = archiveIdleAbove }
        var out = ReplayOutput()
        for event in logged { replay.process(event, into: &out) }
        replay.finish(into: &out)
        return out
    }
}

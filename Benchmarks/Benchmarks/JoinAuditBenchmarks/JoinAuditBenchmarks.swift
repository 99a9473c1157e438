import Benchmark
import Foundation
import JoinAuditCore
import JoinAuditIO

/// Throughput and allocations of each stage of the nightly path, on a generated day:
/// line parsing, SQLite ingest, the evaluator alone, and `analyze` end to end.
/// Every benchmark works on the same deterministic day (`DayFixture`), so runs compare.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident]
    Benchmark.defaultConfiguration = .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(20), maxIterations: 20)

    let fixture = DayFixture.shared

    Benchmark("parse join-log lines") { benchmark in
        let parser = JoinLogLineParser()
        for _ in benchmark.scaledIterations {
            for line in fixture.lines {
                line.withUnsafeBytes { bytes in blackHole(try? parser.parse(bytes)) }
            }
        }
    }

    Benchmark("evaluate join requests") { benchmark in
        let policy = fixture.policy.policy(at: Timestamp(nanoseconds: 0))
        let requests = fixture.events.compactMap { event -> (JoinRequest, String?)? in
            if case .joinRequest(let request) = event.body { return (request, event.organizerID) }
            return nil
        }
        for _ in benchmark.scaledIterations {
            for (request, organizer) in requests {
                let settings = MeetingSettings(configuration: policy.configuration, policy: policy.policy(forOrganizer: organizer),
                                               meetingOptions: MeetingOptions(), optionsUnknown: false)
                blackHole(JoinEvaluator.decide(request, identity: ResolvedIdentity(of: request, organizerTenant: "t"), settings: settings, sessionStarted: true))
            }
        }
    }

    Benchmark("replay a day") { benchmark in
        for _ in benchmark.scaledIterations {
            var replay = Replay(policies: fixture.policy)
            var out = ReplayOutput()
            for (index, event) in fixture.events.enumerated() {
                replay.process(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event), into: &out)
                out.removeAll()
            }
            blackHole(replay.eventsJudged)
        }
    }

    Benchmark("ingest into SQLite", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            let path = fixture.scratch("ingest.db")
            let store = try EventStore(path: path)
            blackHole(try Ingestion(store: store).run([fixture.logPath]))
        }
    }

    Benchmark("analyze end to end", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            let path = fixture.scratch("analyze.db")
            let store = try EventStore(path: path)
            blackHole(try StreamingAnalysis(store: store, policies: fixture.policy).run([fixture.logPath]))
        }
    }
}

/// A generated day, written once to a temporary gzip'd join log.
final class DayFixture: @unchecked Sendable {
    static let shared = DayFixture(events: Int(ProcessInfo.processInfo.environment["JOINAUDIT_BENCH_EVENTS"] ?? "") ?? 100_000)

    let directory: URL
    let logPath: String
    let lines: [[UInt8]]
    let events: [Event]
    let policy: PolicyHistory

    init(events count: Int) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("joinaudit-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logPath = directory.appendingPathComponent("day.jsonl.gz").path
        let simulator = DaySimulatorFixture.write(events: count, to: logPath)
        lines = simulator.lines
        let parser = JoinLogLineParser()
        events = lines.compactMap { line in line.withUnsafeBytes { try? parser.parse($0) } }
        policy = simulator.policy
    }

    func scratch(_ name: String) -> String {
        let path = directory.appendingPathComponent(name).path
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return path
    }
}

/// The simulator's default day and policy, written as gzip and kept as lines.
enum DaySimulatorFixture {
    static func write(events: Int, to path: String) -> (lines: [[UInt8]], policy: PolicyHistory) {
        let policy = DaySimulator.defaultPolicy()
        let simulator = DaySimulator(options: SimulationOptions(events: events, seed: 1), policy: policy)
        do {
            let (bytes, _) = try simulator.bytes()
            let writer = try GzipStreamWriter(path: path)
            try writer.write(bytes)
            try writer.finish()
            let lines = bytes.split(separator: UInt8(ascii: "\n")).map { Array($0) }
            return (lines, PolicyHistory([policy]))
        } catch {
            fatalError("cannot write the benchmark day to \(path): \(error)")
        }
    }
}

import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

extension SimulationFormat: ExpressibleByArgument {}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a realistic simulated day of a tenant's Teams join log, for demos, capacity planning and benchmarks.",
        discussion: """
            Example: joinaudit simulate --events 1000000 --seed 7 --output day.jsonl.gz --write-policy policy.json
            then:    joinaudit analyze --policy policy.json day.jsonl.gz

            The same seed, number of events, date, rates and policy give the same bytes. Meetings follow a \
            working day; the service decides as the policy says (the evaluator's own decisions), except for \
            a small share of violations of every kind (--violation-rate) and of log noise: re-delivered lines, \
            lines a few seconds out of order, a rare `left` for nobody (--noise-rate). Memory stays flat: \
            beyond 1,000,000 events meetings get shorter rather than more numerous at once.

            --format writes the same day as Microsoft's sources would hold it, for the importers: \
            purview-csv (a Purview audit search export), ual-json (the Management Activity API's records), \
            graph (Graph call records). --events still counts join-log events; the sources carry only \
            admissions (no refused joins, no one left in the lobby, no app actions), so they hold fewer records.
            Example: joinaudit simulate --events 100000 --format purview-csv --output day.csv.gz
            """)

    @Option(help: ArgumentHelp("Lines to write, exactly (re-delivered duplicates included), e.g. 1000000.", valueName: "N"))
    var events: Int?

    @Option(help: "Seed of the simulation: the same seed gives the same day.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Policy the tenant's meetings follow (policy-format.md); organizers are drawn among its assigned ids and generated members. Default: the built-in policy (see --write-policy).", valueName: "POLICY.json"))
    var policy: String?

    @Option(help: ArgumentHelp("Where to write the day: FILE.jsonl.gz (gzip), FILE.jsonl (plain), or - for standard output (plain unless --gzip).", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("The form of the day: join-log, purview-csv, ual-json or graph.", valueName: "FORMAT"))
    var format: SimulationFormat = .joinLog

    @Flag(help: "Gzip the output whatever its name (for --output -).")
    var gzip = false

    @Option(help: "gzip compression level, 1 (fastest) to 9 (smallest).")
    var level: Int32 = GzipStreamWriter.defaultLevel

    @Option(help: ArgumentHelp("The simulated day (UTC).", valueName: "YYYY-MM-DD"))
    var date: String = SimulationOptions.defaultDate

    @Option(name: .customLong("violation-rate"), help: "Share of events that are policy violations, spread over every kind (0 for a service that follows the policy).")
    var violationRate: Double = SimulationOptions.defaultViolationRate

    @Option(name: .customLong("noise-rate"), help: "Share of lines out of order by a few seconds; half as many re-deliveries, a tenth as many orphan `left` events.")
    var noiseRate: Double = SimulationOptions.defaultNoiseRate

    @Option(name: .customLong("write-policy"), help: ArgumentHelp("Also write the policy the day follows (the built-in one unless --policy) to this file, to analyze the day with.", valueName: "FILE"))
    var writePolicy: String?

    @Flag(help: "No closing summary on standard error.")
    var quiet = false

    func validate() throws {
        if output == nil && writePolicy == nil { throw ValidationError("give --output FILE (and --events N), or --write-policy FILE") }
        if output != nil && events == nil { throw ValidationError("give the number of events with --events N") }
        if let events, events < 0 { throw ValidationError("--events must be 0 or more") }
        if !(1...9).contains(level) { throw ValidationError("--level must be between 1 and 9") }
    }

    func run() throws {
        let tenantPolicy: TenantPolicy
        if let policy {
            do { tenantPolicy = try PolicyFileLoader.load(path: policy) } catch { throw InputError(error.description) }
        } else {
            tenantPolicy = DaySimulator.defaultPolicy()
        }
        if let writePolicy {
            let text = policy.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? DaySimulator.defaultPolicyJSON
            do { try text.write(toFile: writePolicy, atomically: true, encoding: .utf8) } catch {
                throw InputError("\(writePolicy): cannot write the policy: \(error.localizedDescription)")
            }
        }
        guard let output, let events else { return }
        let options = SimulationOptions(events: events, seed: seed, date: date, violationRate: violationRate, noiseRate: noiseRate)
        let target = SimulationOutput(
            path: output, compression: gzip || output.hasSuffix(".gz") ? .gzip(level: level) : .none, format: format)
        let started = Date()
        let result: SimulationOutput.Result
        do {
            result = try target.write(DaySimulator(options: options, policy: tenantPolicy))
        } catch {
            throw InputError(String(describing: error))
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            let summary = result.summary
            let rate = seconds > 0 ? Int(Double(summary.lines) / seconds) : 0
            let perLine = summary.lines > 0 ? result.uncompressedBytes / summary.lines : 0
            Stderr.line("simulated \(summary.lines) events (\(summary.meetings) meetings, \(summary.sessions) sessions, "
                + "\(summary.violationsTotal) violations, \(summary.redeliveries) re-deliveries) "
                + "\(summary.firstTimestamp ?? "-") … \(summary.lastTimestamp ?? "-") in " + String(format: "%.2f s", seconds)
                + " (\(rate) events/s); \(result.bytesWritten) bytes"
                + (result.sources == nil ? ", \(perLine) bytes/line uncompressed" : "") + ", to \(output)")
            if let sources = result.sources {
                let (people, meetings) = format == .graph ? ("sessions", "call records") : ("participant records", "meeting records")
                let recordRate = seconds > 0 ? Int(Double(sources.records) / seconds) : 0
                let perRecord = sources.records > 0 ? result.uncompressedBytes / sources.records : 0
                Stderr.line("as \(format.rawValue): \(sources.participantRecords) \(people), \(sources.meetingRecords) \(meetings) "
                    + "(\(recordRate) records/s, \(perRecord) bytes/record uncompressed); not in the source: "
                    + "\(sources.joinsNotAdmitted) joins never admitted, \(sources.eventsNotCarried) other events; "
                    + "\(sources.redeliveriesDropped) re-deliveries dropped, \(sources.stillPresentAtEnd) people still in a meeting at the end")
            }
        }
    }
}

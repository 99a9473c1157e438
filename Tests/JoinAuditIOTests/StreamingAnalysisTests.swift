import Foundation
import JoinAuditCore
import PropertyBased
import Testing

@testable import JoinAuditIO

/// The streaming analysis judges while it reads; it must find exactly what the stored,
/// sorted replay finds, whatever the input: in order, slightly or far out of order, with
/// re-deliveries near or far from the first copy.
@Suite("Streaming analysis")
struct StreamingAnalysisTests {
    enum Shape: CaseIterable { case inOrder, jittered, farOutOfOrder, redeliveredNear, redeliveredFar }

    @Test("streaming and stored replays give the same findings and problems", arguments: Shape.allCases)
    func sameAsStored(shape: Shape) async throws {
        await propertyCheck(count: 6, input: Gen.int(in: 0...1_000_000)) { seed in
            do {
                var day = RandomDay(seed: UInt64(seed))
                var events = day.events(count: 300)
                var rng = SplitMix(seed: UInt64(seed) &+ 77)
                switch shape {
                case .inOrder: break
                case .jittered:
                    // Neighbours swapped: a few seconds out of order, inside the window.
                    for i in stride(from: 1, to: events.count, by: 7) { events.swapAt(i - 1, i) }
                case .farOutOfOrder:
                    events.append(events.remove(at: Int(rng.next() % 50)))
                case .redeliveredNear:
                    events.insert(events[150], at: 155)
                case .redeliveredFar:
                    events.append(events[3])
                }
                let (streamed, fallback) = try judge(events, streaming: true)
                let (stored, _) = try judge(events, streaming: false)
                #expect(streamed == stored)
                // The import path: records loaded with re-deliveries told apart while reading,
                // then judged from the store without a de-duplication pass.
                let (imported, _) = try judge(events, streaming: true, judgeWhileReading: false)
                #expect(imported == stored)
                #expect(streamed.findings.count > 5)
                switch shape {
                case .inOrder, .jittered, .redeliveredNear: #expect(fallback == nil, "\(shape) should be judged while reading")
                case .farOutOfOrder: #expect(fallback != nil, "far out of order must fall back")
                case .redeliveredFar: break  // caught by the recent ids or at the end, either is exact
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// With the filter's exact memory of recent ids cut to a handful, a far re-delivery is only
    /// "uncertain" while reading, and the check at the end must find it and fall back. Uncertain
    /// ids that turn out new must not. The reorder window spans the day, so the copy is not
    /// simply too late to place. `ledger`: the reader's ledger settles the uncertain ids
    /// (`StoredIDLedger`); otherwise the writer lists them in the store, which checks them.
    @Test("a re-delivery known only as uncertain is found at the end and judged exactly",
          arguments: [true, false], [true, false])
    func uncertainRedelivery(repeated: Bool, ledger: Bool) throws {
        var day = RandomDay(seed: 2026)
        var events = day.events(count: 300)
        // A schedule: judging it twice adds no finding, so only the id check can notice.
        let copied = try #require(events.firstIndex { $0.type == .meetingScheduled })
        if repeated { events.append(events[copied]) }
        let day24h: Int64 = 86_400 * 1_000_000_000
        let (streamed, fallback) = try judge(events, streaming: true, recentIDs: 4, reorderWindow: day24h, ledger: ledger)
        let (stored, _) = try judge(events, streaming: false)
        #expect(streamed == stored)
        if repeated {
            #expect(fallback == "event \(events[copied].id) was delivered twice far apart")
            #expect(streamed.redeliveries == 1)
        } else {
            #expect(fallback == nil)
        }
        let (imported, importFallback) = try judge(events, streaming: true, judgeWhileReading: false, recentIDs: 4, reorderWindow: day24h, ledger: ledger)
        #expect(imported == stored)
        #expect((importFallback != nil) == repeated)
    }

    /// The reader checks each id a few lines after parsing it (`PendingIDChecks`): events
    /// must still be stored in reading order across files, a copy on the very next line (or
    /// the next file's first line) must still be a re-delivery of the first, and bad lines in
    /// between, an oversized one included, must keep their own places.
    @Test("events keep reading order around bad lines, oversized lines, files and immediate re-deliveries")
    func readingOrderAroundBadLinesAndCopies() throws {
        var day = RandomDay(seed: 11)
        let events = day.events(count: 40)
        var files: [[[UInt8]]] = [[], []]
        var expectedRedeliveries = 0
        var expectedBadLines: [[Int]] = [[], []]
        for (index, event) in events.enumerated() {
            let file = index < 25 ? 0 : 1
            var line: [UInt8] = []
            JoinLogWriter.appendLine(event, to: &line)
            files[file].append(line)
            if index % 5 == 2 {
                files[file].append(line)
                expectedRedeliveries += 1
            }
            if index % 7 == 3 {
                files[file].append(Array("{\"id\": \"broken\n".utf8))
                expectedBadLines[file].append(files[file].count)
            }
            if index == 10 {
                files[file].append(Array(repeating: UInt8(ascii: "x"), count: JoinLogLineParser.maxLineBytes + 10) + [UInt8(ascii: "\n")])
                expectedBadLines[file].append(files[file].count)
            }
            if index == 24 {
                // The first file's last event again, as the second file's first line.
                files[1].append(line)
                expectedRedeliveries += 1
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (number, lines) in files.enumerated() {
            let path = dir.appendingPathComponent("day-\(number).jsonl").path
            try Data(lines.joined()).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let store = try EventStore(path: dir.appendingPathComponent("d.db").path)
        let policy = try TenantPolicy(tenantID: "t-1", configuration: MeetingConfiguration(), policies: [MeetingPolicy(name: "Global")], assignments: [:])
        _ = try StreamingAnalysis(store: store, policies: PolicyHistory([policy])).run(paths)

        var stored: [(seq: Int64, file: Int, line: Int)] = []
        try store.forEachEventInReplayOrder { stored.append(($0.seq, $0.source.fileID, $0.source.line)) }
        stored.sort { $0.seq < $1.seq }
        #expect(stored.count == events.count)
        // Seqs follow the files and lines, one apart: no event was checked out of its turn.
        let places = stored.map { [$0.file, $0.line] }
        #expect(places == places.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(stored.map(\.file)).count == 2)
        #expect(zip(stored, stored.dropFirst()).allSatisfy { $1.seq == $0.seq + 1 })
        #expect(try store.redeliveryCount() == expectedRedeliveries)
        var badLines: [Int: [Int]] = [:]
        try store.forEachBadLine { badLines[$0.fileID, default: []].append($0.line) }
        let fileIDs = badLines.keys.sorted()
        #expect(fileIDs.map { badLines[$0]!.sorted() } == expectedBadLines)
    }

    struct Judged: Equatable {
        var findings: [String]
        var problems: [String]
        var events: Int
        var redeliveries: Int
    }

    private func judge(_ events: [Event], streaming: Bool, judgeWhileReading: Bool = true, recentIDs: Int = 16_384, reorderWindow: Int64? = nil,
                       ledger: Bool = true) throws -> (Judged, String?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes: [UInt8] = []
        for event in events { JoinLogWriter.appendLine(event, to: &bytes) }
        let path = dir.appendingPathComponent("day.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try EventStore(path: dir.appendingPathComponent("d.db").path)
        let policy = try TenantPolicy(tenantID: "t-1", configuration: MeetingConfiguration(disableAppInteractionForAnonymousUsers: true),
            policies: [MeetingPolicy(name: "Global", autoAdmittedUsers: .everyone, blockedAnonymousJoinClientTypes: [.acs]),
                       MeetingPolicy(name: "Strict", allowAnonymousUsersToJoinMeeting: false, autoAdmittedUsers: .organizerOnly)],
            assignments: ["org-1": "Strict"])
        var fallback: String?
        if streaming {
            var analysis = StreamingAnalysis(store: store, policies: PolicyHistory([policy]))
            analysis.recentIDCapacity = recentIDs
            if !ledger { analysis.ledgerDirectory = nil }
            if let reorderWindow { analysis.reorderWindow = reorderWindow }
            fallback = try analysis.run([path], judgeWhileReading: judgeWhileReading).fallback
        } else {
            _ = try Ingestion(store: store).run([path])
            _ = try StoredReplay(store: store, policies: PolicyHistory([policy])).run()
        }
        var findings: [String] = []
        try store.forEachFinding { record in
            let f = record.finding
            findings.append("\(f.kind.rawValue) \(f.eventID) \(f.rule.rawValue) \(f.severity.rawValue) \(f.source.line) \(f.unverifiedStart.map { "\($0)" } ?? "")")
        }
        var problems: [String] = []
        try store.forEachDataQualityProblem { problems.append("\($0.kind.rawValue) \($0.eventID)") }
        return (Judged(findings: findings.sorted(), problems: problems.sorted(), events: try store.eventCount(), redeliveries: try store.redeliveryCount()), fallback)
    }
}

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

    struct Judged: Equatable {
        var findings: [String]
        var problems: [String]
        var events: Int
        var redeliveries: Int
    }

    private func judge(_ events: [Event], streaming: Bool, judgeWhileReading: Bool = true) throws -> (Judged, String?) {
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
            fallback = try StreamingAnalysis(store: store, policies: PolicyHistory([policy])).run([path], judgeWhileReading: judgeWhileReading).fallback
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

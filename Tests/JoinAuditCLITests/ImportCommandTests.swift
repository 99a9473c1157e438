import Foundation
import Testing

/// issue 9: `import` writes exactly what `analyze` judges, so analyzing the import's output
/// gives the same findings as analyzing the source itself.
@Suite("import")
struct ImportCommandTests {
    static let sources = [
        ["samples/sources/purview-export.csv"],
        ["samples/sources/audit-records.json"],
        ["samples/sources/call-records.json"],
        ["samples/sources/purview-export.csv", "samples/sources/online-meetings.json"],
    ]

    @Test("the import of each sample source is a join log judged the same way", arguments: sources)
    func importThenAnalyze(files: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("imported.jsonl.gz")
        let imported = try CLI.run(["import", "--quiet", "--output", log.path] + files)
        #expect(imported.status == 0, "\(imported.stderr)")
        let direct = try CLI.run(["analyze", "--policy", "samples/policy.json", "--quiet", "--format", "jsonl"] + files)
        let viaLog = try CLI.run(["analyze", "--policy", "samples/policy.json", "--quiet", "--format", "jsonl", log.path])
        #expect(direct.status == viaLog.status)
        #expect(!direct.triples.isEmpty)
        #expect(direct.triples == viaLog.triples)
    }

    @Test("the Purview sample shows its stories, and the coverage statement says what audit records cannot show")
    func purviewStories() throws {
        let result = try CLI.run(["analyze", "--policy", "samples/policy.json", "--format", "jsonl", "samples/sources/purview-export.csv"])
        #expect(result.status == 1)
        let rules = Set(result.triples.map { $0.split(separator: " ").map(String.init) }.map { "\($0[0]) \($0[2])" })
        #expect(rules == ["unexpected_admit verified_required", "unverified_start start_not_allowed",
                          "unexpected_admit organizer_anonymous_join_off", "unexpected_admit client_blocked",
                          "blocked_client_attempt client_blocked"])
        #expect(result.stderr.contains("they cannot show unexpected_lobby, unexpected_denial, app_violation"))
        #expect(result.stderr.contains("allowed only if the organizer changed the meeting's options"))
    }
}

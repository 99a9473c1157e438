import Foundation
import Testing

@Suite("report: every format on the samples, and --output")
struct ReportCommandTests {
    @Test("jsonl from report is exactly what analyze printed (the contract's lines)")
    func jsonlMatchesAnalyze() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("day.db")
        let analyzed = try CLI.run(["analyze", "--policy", ReportFixture.samplesPolicy, "--db", db.path, "--quiet", "--fail-on", "none", ReportFixture.samplesDay])
        let reported = try CLI.run(["report", "--db", db.path, "--format", "jsonl"])
        #expect(reported.status == 0)
        #expect(!analyzed.stdout.isEmpty)
        #expect(reported.stdout == analyzed.stdout)
    }

    @Test("json is one document with run, policy, counts, sessions, addresses, findings and data quality")
    func jsonDocument() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", "json"])
        #expect(result.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let counts = try #require(doc["counts"] as? [String: Any])
        #expect(counts["findings"] as? Int == 16)
        #expect(counts["events"] as? Int == 224)
        #expect((counts["by_severity"] as? [String: Int]) == ["critical": 3, "high": 6, "medium": 3, "low": 2, "info": 2])
        #expect((counts["by_kind"] as? [String: Int])?["unexpected_admit"] == 6)
        #expect((counts["anonymous_joins_by_client"] as? [String: Int]) == ["teams": 14, "acs": 3])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.count == 16)
        let sessions = try #require(doc["unverified_sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["meeting_id"] as? String } == ["m-design-review", "m-townhall"])
        #expect(sessions.first?["unverified_seconds"] as? Int == 2665)
        #expect(sessions.first?["outside_schedule"] as? Bool == true)
        let sources = try #require(doc["blocked_client_sources"] as? [[String: Any]])
        #expect(sources.first?["client_ip"] as? String == "198.51.100.23")
        #expect(sources.first?["attempts"] as? Int == 3)
        let quality = try #require(doc["data_quality"] as? [String: Any])
        #expect(quality["bad_lines"] as? Int == 3)
        #expect(quality["redeliveries"] as? Int == 1)
        let run = try #require(doc["run"] as? [String: Any])
        #expect((run["policies"] as? [[String: Any]])?.first?["path"] as? String == ReportFixture.samplesPolicy)
        #expect((doc["data_quality_problems"] as? [Any])?.count == 2)
    }

    @Test("text gives the summary first, then findings most severe first, without colour when not on a terminal")
    func textOrder() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", "text"])
        #expect(result.status == 0)
        let text = result.stdout
        let order = ["Findings: 16", "Unverified sessions", "Blocked-client attempts by source address", "Data quality:", "CRITICAL (3)", "HIGH (6)", "MEDIUM (3)", "LOW (2)", "INFO (2)"]
        let positions = order.map { text.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "missing a section: \(zip(order, positions).filter { $1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!text.unicodeScalars.contains("\u{1B}"))
    }

    @Test("csv has a header and one row per finding, every row as wide as the header")
    func csvRows() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", "csv"])
        let rows = ReportFixture.parseCSV(result.stdout)
        #expect(rows.count == 17)
        #expect(rows.first?.first == "severity")
        #expect(rows.allSatisfy { $0.count == rows[0].count })
    }

    @Test("ocsf writes one Detection Finding (class 2004) per finding, keeping the contract's finding under unmapped")
    func ocsf() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", "ocsf"])
        let objects = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 16)
        for o in objects {
            #expect(o["class_uid"] as? Int == 2004)
            #expect(o["category_uid"] as? Int == 2)
            #expect(o["type_uid"] as? Int == 200401)
            #expect((1...5).contains(o["severity_id"] as? Int ?? 0))
            #expect(((o["finding_info"] as? [String: Any])?["uid"] as? String)?.isEmpty == false)
            #expect((o["unmapped"] as? [String: Any])?["kind"] != nil)
        }
        let critical = objects.filter { $0["severity_id"] as? Int == 5 }
        #expect(critical.count == 3)
    }

    @Test("markdown has the sections and a findings table whose rows all have the header's columns")
    func markdown() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let md = try CLI.run(["report", "--db", db.path, "--format", "markdown"]).stdout
        for heading in ["# JoinAudit report", "## Findings: 16", "## Unverified sessions", "## Blocked-client attempts by source address", "## Anonymous joins by client type", "## Data quality", "## Findings, most severe first"] {
            #expect(md.contains("\n" + heading) || md.hasPrefix(heading), "missing \(heading)")
        }
        let table = md.components(separatedBy: "## Findings, most severe first\n\n")[1].split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(table.count == 18)
        #expect(table.allSatisfy { Self.cells($0) == 9 })
    }

    /// Cells of a Markdown table row: `|` not escaped with a backslash.
    static func cells(_ row: Substring) -> Int {
        var count = 0, escaped = false
        for c in row {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { count += 1 }
        }
        return count - 1
    }

    @Test("html is one self-contained page: no script, no external resource, charts as inline SVG, the policy in force")
    func html() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let html = try CLI.run(["report", "--db", db.path, "--format", "html"]).stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import") && !html.contains("url("))
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)
        for section in ["Findings over the day", "Unexpected admits", "Unverified sessions", "Blocked-client attempts by source address", "Anonymous joins by client type", "Policy in force", "Data quality"] {
            #expect(html.contains(">\(section)</h2>"), "missing \(section)")
        }
        #expect(html.contains("<td>NoAnonymous</td>"))
        #expect(html.contains("198.51.100.23"))
    }

    @Test("--output writes the file whole and nothing to standard output; analyze takes every format too")
    func outputFile() throws {
        let dir = try CLI.temporaryDirectory()
        let target = dir.appendingPathComponent("report.html")
        let result = try CLI.run(["analyze", "--policy", ReportFixture.samplesPolicy, "--db", dir.appendingPathComponent("d.db").path,
                                  "--quiet", "--format", "html", "--output", target.path, ReportFixture.samplesDay])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasSuffix("</html>\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }.isEmpty)
    }

    @Test("--output into a missing directory is an input error naming the path")
    func outputMissingDirectory() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", "csv", "--output", "/nonexistent-dir/r.csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent-dir/r.csv"))
    }

    @Test("report exits 0 by default and follows --fail-on when given; a missing database is exit 2")
    func exitStatus() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        #expect(try CLI.run(["report", "--db", db.path, "--format", "text"]).status == 0)
        #expect(try CLI.run(["report", "--db", db.path, "--fail-on", "critical"]).status == 1)
        let missing = try CLI.run(["report", "--db", "/nonexistent.db"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent.db: no such database"))
    }
}

@Suite("text colour: only on a terminal, never with NO_COLOR")
struct TextColourTests {
    /// Runs the command under `script`, which gives it a pseudo-terminal as standard output.
    static func onTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        let command = ([CLI.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let result = try CLI.run(["-qec", command, "/dev/null"], environment: environment, executable: "/usr/bin/script")
        return result.stdout
    }

    @Test("a terminal gets severities in colour; NO_COLOR or a file gets none")
    func colour() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let arguments = ["report", "--db", db.path, "--format", "text"]
        let coloured = try Self.onTerminal(arguments, environment: ["NO_COLOR": "", "TERM": "xterm"])
        #expect(coloured.contains("\u{1B}[1;31mCRITICAL (3)\u{1B}[0m"))
        let plain = try Self.onTerminal(arguments, environment: ["NO_COLOR": "1", "TERM": "xterm"])
        #expect(plain.contains("CRITICAL (3)"))
        #expect(!plain.unicodeScalars.contains("\u{1B}"))
    }
}

import Foundation
import Testing

/// Databases the report, query and explain tests read: the samples' day, and a day whose
/// attacker-written fields carry HTML, formulas, escape sequences and Markdown.
enum ReportFixture {
    static let samplesPolicy = "samples/policy.json"
    static let samplesDay = "samples/day-2026-11-23.jsonl.gz"

    /// Analyzes `log` under `policy` into a new database in `directory`.
    static func database(in directory: URL, policy: String = samplesPolicy, log: String = samplesDay) throws -> URL {
        let db = directory.appendingPathComponent("day.db")
        let result = try CLI.run(["analyze", "--policy", policy, "--db", db.path, "--quiet", "--fail-on", "none", log])
        #expect(result.status == 0, "analyze failed: \(result.stderr)")
        return db
    }

    static func hostileDatabase(in directory: URL) throws -> URL {
        try database(in: directory, policy: CLI.fixture("hostile/hostile-policy.json"), log: CLI.fixture("hostile/hostile-day.jsonl"))
    }

    /// The hostile display names, exactly as the fixture logs them.
    static let hostileNames = [
        "<script>alert('x')</script>",
        "=HYPERLINK(\"http://x\",\"click\")",
        "\u{1B}[31mRED\u{1B}[0m\u{07}",
        "![pixel](http://evil.example/p.png) [click](http://evil.example)",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "\u{202E}evil\u{202C} | pipe | and \r\n newline",
        "\tTabbed",
    ]

    /// Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { cell.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(cell); cell = ""
            } else if c == "\r" && characters.first == "\n" {
                characters.removeFirst(); row.append(cell); rows.append(row); row = []; cell = ""
            } else { cell.unicodeScalars.append(c) }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}

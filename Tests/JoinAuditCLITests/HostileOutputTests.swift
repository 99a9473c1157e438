import Foundation
import Testing

/// Display names, participant ids, meeting ids and addresses of anonymous people are written
/// by attackers. One test per output format: each hostile value comes out inert.
@Suite("Hostile text is inert in every output")
struct HostileOutputTests {
    static func report(_ format: String) throws -> String {
        let db = try ReportFixture.hostileDatabase(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["report", "--db", db.path, "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test("text: control characters are shown escaped, never sent raw")
    func text() throws {
        let out = try Self.report("text")
        #expect(!out.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || $0 == "\u{202E}" })
        #expect(out.contains("\\e[31mRED\\e[0m\\u{7}"))
        #expect(out.contains("\\u{202e}evil"))
    }

    @Test("html: markup in names and ids is escaped, and the page forbids scripts anyway")
    func html() throws {
        let out = try Self.report("html")
        #expect(!out.lowercased().contains("<script"))
        #expect(!out.lowercased().contains("<img"))
        #expect(out.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(out.contains("m-&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!out.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{202E}" })
        #expect(out.contains("default-src 'none'"))
    }

    @Test("csv: a cell starting with =, +, -, @, tab or CR gets a leading quote; controls are shown escaped")
    func csv() throws {
        let rows = ReportFixture.parseCSV(try Self.report("csv"))
        let header = try #require(rows.first)
        let name = try #require(header.firstIndex(of: "display_name"))
        let names = rows.dropFirst().map { $0[name] }
        #expect(names.contains("'=HYPERLINK(\"http://x\",\"click\")"))
        #expect(names.contains("'+cmd|' /C calc'!A0"))
        #expect(names.contains("'@SUM(1+1)"))
        #expect(names.contains("'-2+3"))
        #expect(names.contains("'\tTabbed"))
        for row in rows.dropFirst() {
            for cell in row {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "formula-like cell \(cell)")
                #expect(!cell.unicodeScalars.contains("\u{1B}"))
            }
        }
    }

    @Test("json, jsonl and ocsf: names are JSON-escaped and read back exactly as logged")
    func json() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report("json").utf8)) as? [String: Any])
        let names = Set((doc["findings"] as? [[String: Any]] ?? []).compactMap { $0["display_name"] as? String })
        #expect(names == Set(ReportFixture.hostileNames))
        let lines = try Self.report("jsonl").split(separator: "\n")
        #expect(Set(lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["display_name"] as? String }) == Set(ReportFixture.hostileNames))
        let ocsf = try Self.report("ocsf")
        #expect(!ocsf.unicodeScalars.contains("\u{1B}"))
        let actors = ocsf.split(separator: "\n").compactMap { line -> String? in
            let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return ((o?["actor"] as? [String: Any])?["user"] as? [String: Any])?["name"] as? String
        }
        #expect(Set(actors) == Set(ReportFixture.hostileNames))
    }

    @Test("markdown: no link, image, raw HTML or broken table row")
    func markdown() throws {
        let md = try Self.report("markdown")
        #expect(!md.contains("](http"))
        #expect(!md.contains("<script") && !md.contains("<img"))
        #expect(md.contains("\\!\\[pixel\\]\\(http"))
        let rows = md.components(separatedBy: "## Findings, most severe first\n\n")[1].split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count == 11)
        #expect(rows.allSatisfy { ReportCommandTests.cells($0) == 9 })
        #expect(!md.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{202E}" })
    }

    @Test("explain and query: hostile values are escaped on the terminal")
    func explainAndQuery() throws {
        let db = try ReportFixture.hostileDatabase(in: try CLI.temporaryDirectory())
        let explained = try CLI.run(["explain", "e-3", "--db", db.path])
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("\\e[31mRED"))
        #expect(!explained.stdout.unicodeScalars.contains("\u{1B}"))
        let queried = try CLI.run(["query", "suspicious-display-names", "--db", db.path])
        #expect(queried.status == 0)
        #expect(queried.stdout.contains("\\e[31mRED"))
        #expect(!queried.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" })
        let csv = ReportFixture.parseCSV(try CLI.run(["query", "participant-timeline", "--db", db.path, "--format", "csv"]).stdout)
        #expect(csv.dropFirst().allSatisfy { row in row.allSatisfy { !["=", "+", "-", "@"].contains($0.first.map(String.init) ?? "") } })
    }

    @Test("a hostile value given as a query parameter is bound as a value, not run as SQL")
    func parameterIsBound() throws {
        let db = try ReportFixture.hostileDatabase(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["query", "participant-timeline", "--db", db.path, "--format", "json", "--param", "participant=x' OR '1'='1"])
        #expect(result.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any])?.isEmpty == true)
        let exact = try CLI.run(["query", "participant-timeline", "--db", db.path, "--format", "json", "--param", "participant=@SUM(1+1)"])
        #expect((try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [Any])?.count == 1)
    }
}

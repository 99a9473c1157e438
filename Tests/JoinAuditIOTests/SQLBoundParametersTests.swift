import Foundation
import Testing

/// Values reach SQLite only as bound parameters (`?1`, `bind(_:at:)`), never pasted into SQL
/// text, so no display name or id can change a statement. This reads every Swift file under
/// `Sources/` and finds each string literal that is SQL (it starts with a statement keyword):
/// one that interpolates (`\(`) or is concatenated with `+` must be in the list below, each
/// entry saying why the pasted text is not a value from the input.
@Suite("SQL uses bound parameters only")
struct SQLBoundParametersTests {
    /// (file name, the interpolation as written): text that is ours, not the input's.
    static let allowed: Set<String> = [
        // The column list and `?N` placeholders, from the EventColumn enum's own names.
        #"EventColumn.swift: \(list)"#,
        #"EventColumn.swift: \(allCases.map { "?\($0.bind)" }.joined(separator: ", "))"#,
        // The findings table's column names and `?N` placeholders, from a constant list.
        #"EventStore+Findings.swift: \(findingColumns.joined(separator: ", "))"#,
        #"EventStore+Findings.swift: \((1...findingColumns.count).map { "?\($0)" }.joined(separator: ", "))"#,
        #"EventStore+Findings.swift: \(columns)"#,
        // ORDER BY chosen between two constant clauses; kind names from FindingKind's raw values.
        #"EventStore+Findings.swift: \(orderBy)"#,
        #"EventStore+Findings.swift: \(filter)"#,
        #"EventStore+Explain.swift: \(EventColumn.list)"#,
        // LIMIT constants and a constant WHERE clause of the report summary.
        #"ReportSummary+Store.swift: \(topRows)"#,
        #"ReportSummary+Store.swift: \(listedSessions)"#,
        #"ReportSummary+Store.swift: \(anonymousCondition)"#,
        // PRAGMA takes no parameters; the values are integers of ours.
        #"Schema.swift: \(migration.version)"#,
        #"EventStore+Streaming.swift: \(kibibytes)"#,
        #"EventStore+Streaming.swift: \(temporaryKibibytes)"#,
        #"SQLiteMeetingArchive.swift: \(cacheKibibytes)"#,
        // DROP INDEX takes no parameters; names read from sqlite_schema, quoted as identifiers.
        #"EventStore.swift: \(Self.quoted(name))"#,
        // A direct load's pragma names and staged table names: constants of EventStore+DirectLoad.
        #"EventStore+DirectLoad.swift: \(name)"#,
        #"EventStore+DirectLoad.swift: \(table)"#,
    ]

    static let keywords = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "PRAGMA", "WITH", "REPLACE", "BEGIN",
                           "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM", "ATTACH"]

    struct Literal {
        var file: String
        var line: Int
        var text: String
        /// The next code after the closing quote starts with `+` (concatenation).
        var concatenated: Bool
    }

    /// Every string literal of a Swift source, single-line and multi-line (raw strings with
    /// `#` are not SQL in this code base and are skipped whole).
    static func literals(in source: String, file: String) -> [Literal] {
        let chars = Array(source)
        var found: [Literal] = []
        var i = 0
        var line = 1
        func starts(_ s: String, at k: Int) -> Bool {
            let t = Array(s)
            return k + t.count <= chars.count && Array(chars[k..<(k + t.count)]) == t
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1 }
            if starts("//", at: i) {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            guard c == "\"" else { i += 1; continue }
            let multi = starts("\"\"\"", at: i)
            let close = multi ? "\"\"\"" : "\""
            let startLine = line
            var k = i + close.count
            var text = ""
            var depth = 0  // inside \( … ), where quotes belong to nested literals
            while k < chars.count {
                if chars[k] == "\\", k + 1 < chars.count {
                    if chars[k + 1] == "(" { depth += 1 }
                    text.append(chars[k]); text.append(chars[k + 1]); k += 2; continue
                }
                if depth > 0 {
                    if chars[k] == "(" { depth += 1 }
                    if chars[k] == ")" { depth -= 1 }
                    text.append(chars[k]); k += 1; continue
                }
                if starts(close, at: k) { break }
                if chars[k] == "\n" { line += 1 }
                text.append(chars[k]); k += 1
            }
            var after = k + close.count
            while after < chars.count, chars[after] == " " { after += 1 }
            found.append(Literal(file: file, line: startLine, text: text, concatenated: after < chars.count && chars[after] == "+"))
            i = k + close.count
        }
        return found
    }

    static func isSQL(_ text: String) -> Bool {
        let head = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return keywords.contains { head.hasPrefix($0 + " ") || head.hasPrefix($0 + "\n") || head == $0 }
    }

    /// The `\( … )` interpolations of a literal, as written.
    static func interpolations(_ text: String) -> [String] {
        let chars = Array(text)
        var out: [String] = []
        var i = 0
        while i + 1 < chars.count {
            if chars[i] == "\\", chars[i + 1] == "(" {
                var depth = 0
                var k = i + 1
                repeat {
                    if chars[k] == "(" { depth += 1 }
                    if chars[k] == ")" { depth -= 1 }
                    k += 1
                } while depth > 0 && k < chars.count
                out.append(String(chars[i..<k]))
                i = k
            } else {
                i += 1
            }
        }
        return out
    }

    static var sourceFiles: [URL] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    @Test("no SQL string interpolates or concatenates anything but the allowed identifiers and integers")
    func boundParametersOnly() throws {
        let files = Self.sourceFiles
        #expect(files.count > 50, "the sources were found")
        var sqlLiterals = 0
        for url in files {
            let source = try String(contentsOf: url, encoding: .utf8)
            for literal in Self.literals(in: source, file: url.lastPathComponent) where Self.isSQL(literal.text) {
                sqlLiterals += 1
                #expect(!literal.concatenated, "\(literal.file):\(literal.line): SQL built with +")
                for pasted in Self.interpolations(literal.text) {
                    #expect(Self.allowed.contains("\(literal.file): \(pasted)"),
                            "\(literal.file):\(literal.line): \(pasted) is pasted into SQL; bind it as a parameter instead")
                }
            }
        }
        #expect(sqlLiterals > 30, "the SQL literals were found")
    }

    @Test("the check finds a pasted value and a concatenation")
    func checkCanFail() {
        let source = #"""
            let a = try database.prepare("SELECT * FROM events WHERE id = '\(id)'")
            let b = "DELETE FROM findings WHERE kind = '" + kind + "'"
            let c = try database.prepare("SELECT * FROM events WHERE id = ?1")
            """#
        let sql = Self.literals(in: source, file: "X.swift").filter { Self.isSQL($0.text) }
        #expect(sql.count == 3)
        #expect(sql.map { Self.interpolations($0.text) } == [[#"\(id)"#], [], []])
        #expect(sql.map(\.concatenated) == [false, true, false])
    }
}

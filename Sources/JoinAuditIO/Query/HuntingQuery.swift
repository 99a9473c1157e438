import Foundation

/// One `.sql` file of `queries/`: a hunting or reporting query over the documented schema.
/// The header comment is its documentation: the first line is its title (what `query --list`
/// shows), the rest says why it matters, and lines of the form `-- :name  meaning` declare
/// its parameters. Unset parameters are NULL, as in the `sqlite3` shell, and each query
/// gives them a default with `coalesce`, so every file runs as it is.
public struct HuntingQuery: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var summary: String
    }

    public var name: String
    public var path: String
    public var title: String
    public var header: [String]
    public var parameters: [Parameter]
    public var sql: String

    public init(path: String, sql: String) {
        self.path = path
        self.sql = sql
        name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var header: [String] = []
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--") else { if trimmed.isEmpty && header.isEmpty { continue } else { break } }
            header.append(String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        self.header = header
        title = header.first { !$0.isEmpty } ?? name
        parameters = header.compactMap { line in
            guard line.hasPrefix(":") else { return nil }
            let parts = line.dropFirst().split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard let name = parts.first else { return nil }
            return Parameter(name: String(name), summary: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
    }
}

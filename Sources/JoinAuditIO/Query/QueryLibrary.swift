import Foundation

/// Why a query could not be found or run. Each names the query and, where it helps, what
/// would have worked.
public enum QueryError: Error, Equatable, CustomStringConvertible {
    case noLibrary(searched: [String])
    case notFound(name: String, directory: String, known: [String])
    case unknownParameter(query: String, parameter: String, known: [String])
    case malformedParameter(String)
    case writes(query: String)

    public var description: String {
        switch self {
        case .noLibrary(let searched):
            "cannot find the queries directory (looked in \(searched.joined(separator: ", "))); give --queries DIR or set JOINAUDIT_QUERIES"
        case .notFound(let name, let directory, let known):
            "no query \(name) in \(directory); the queries are: \(known.joined(separator: ", "))"
        case .unknownParameter(let query, let parameter, let known):
            "query \(query) has no parameter \(parameter)" + (known.isEmpty ? " (it takes none)" : "; it takes \(known.joined(separator: ", "))")
        case .malformedParameter(let text):
            "--param takes key=value, not \(text)"
        case .writes(let query):
            "query \(query) would change the database; queries only read"
        }
    }
}

/// The `queries/` directory and its `.sql` files.
public struct QueryLibrary: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Where the queries are: `--queries DIR`, else `$JOINAUDIT_QUERIES`, else beside the
    /// binary (`.build/release/joinaudit` → the package's `queries/`; an install's
    /// `share/joinaudit/queries`), else `./queries`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") throws(QueryError) -> QueryLibrary {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let fromEnvironment = environment["JOINAUDIT_QUERIES"], !fromEnvironment.isEmpty { candidates.append(fromEnvironment) }
        let binary = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        // .build/<triple>/release/joinaudit and .build/release/joinaudit (a symlink).
        for up in ["../../..", "../..", ".."] {
            candidates.append(binary.appendingPathComponent(up).appendingPathComponent("queries").standardizedFileURL.path)
        }
        candidates.append(binary.appendingPathComponent("../share/joinaudit/queries").standardizedFileURL.path)
        candidates.append(FileManager.default.currentDirectoryPath + "/queries")
        if explicit != nil { candidates = [explicit!] }
        for candidate in candidates where Self.holdsQueries(candidate) {
            return QueryLibrary(directory: candidate)
        }
        throw .noLibrary(searched: candidates)
    }

    private static func holdsQueries(_ directory: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).contains { $0.hasSuffix(".sql") }
    }

    /// Every query, by name.
    public func all() throws -> [HuntingQuery] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            return HuntingQuery(path: path, sql: try String(contentsOfFile: path, encoding: .utf8))
        }
    }

    /// The query called `name` (with or without `.sql`), or a path to any `.sql` file.
    public func query(named name: String) throws -> HuntingQuery {
        if name.contains("/"), FileManager.default.fileExists(atPath: name) {
            return HuntingQuery(path: name, sql: try String(contentsOfFile: name, encoding: .utf8))
        }
        let bare = name.hasSuffix(".sql") ? String(name.dropLast(4)) : name
        let all = try all()
        guard let query = all.first(where: { $0.name == bare }) else {
            throw QueryError.notFound(name: bare, directory: directory, known: all.map(\.name))
        }
        return query
    }
}

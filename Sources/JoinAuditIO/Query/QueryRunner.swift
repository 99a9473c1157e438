import Foundation

/// Runs one hunting query against a database opened read-only, binding `--param` values by
/// name. Values are bound, never pasted into the SQL: an attacker's display name given as a
/// parameter stays a value.
public struct QueryRunner {
    public let database: SQLiteDatabase

    /// Opens the file read-only: a query cannot change the evidence, even by mistake.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, readOnly: true)
        try database.execute("PRAGMA query_only = ON")
    }

    /// `key=value` pairs from the command line.
    public static func parseParameters(_ pairs: [String]) throws(QueryError) -> [String: String] {
        var values: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw .malformedParameter(pair) }
            var key = String(pair[..<equals])
            if let first = key.first, ":@$".contains(first) { key.removeFirst() }
            values[key] = String(pair[pair.index(after: equals)...])
        }
        return values
    }

    /// Calls `header` with the column names, then `row` with each row's values.
    public func run(_ query: HuntingQuery, parameters: [String: String],
                    header: ([String]) throws -> Void, row: ([SQLiteValue]) throws -> Void) throws {
        let statement = try database.prepare(query.sql)
        guard statement.isReadOnly else { throw QueryError.writes(query: query.name) }
        let declared = statement.parameterNames.map { (index: $0.index, name: String($0.name.dropFirst())) }
        for key in parameters.keys.sorted() where !declared.contains(where: { $0.name == key }) {
            throw QueryError.unknownParameter(query: query.name, parameter: key, known: declared.map(\.name))
        }
        for parameter in declared {
            guard let value = parameters[parameter.name] else { continue }
            Self.bind(value, to: statement, at: parameter.index)
        }
        let columns = (0..<statement.columnCount).map { statement.columnName(at: $0) }
        try header(columns)
        while try statement.step() {
            try row((0..<statement.columnCount).map { statement.value(at: $0) })
        }
    }

    /// A number binds as a number (so `count(*) >= :min` compares numbers); anything else as
    /// text. Comparing with a TEXT column converts back, so an id like `123` still matches.
    static func bind(_ value: String, to statement: SQLiteStatement, at index: Int32) {
        if let integer = Int64(value) {
            statement.bind(integer, at: index)
        } else if value.contains("."), let real = Double(value), real.isFinite {
            statement.bind(real, at: index)
        } else {
            statement.bind(value, at: index)
        }
    }
}

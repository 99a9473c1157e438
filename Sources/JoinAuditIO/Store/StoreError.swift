/// What went wrong in the database, with enough context to act on: which database file, the
/// SQL that failed, and SQLite's own message and result code.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or created (missing directory, no permission, not a database).
    case cannotOpen(path: String, code: Int32, message: String)
    /// A statement failed to compile or to run.
    case sqlite(path: String, sql: String, code: Int32, message: String)
    /// The database was written by a newer JoinAudit whose schema this one does not know.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// A stored row holds a value this version cannot read back (edited by hand, or corrupt).
    case unreadableRow(path: String, table: String, key: Int64, column: String, value: String)
    /// Events were inserted without `beginLoad()`, so they would escape de-duplication.
    case noLoadInProgress(path: String)
    /// Writing a load's events straight into the file failed (`EventStore+DirectLoad`); the
    /// database is as it was before the load.
    case directLoadFailed(path: String, reason: String)

    /// The database file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _, _), .sqlite(let path, _, _, _), .schemaTooNew(let path, _, _),
            .unreadableRow(let path, _, _, _, _), .noLoadInProgress(let path), .directLoadFailed(let path, _):
            path
        }
    }

    /// SQLite's (extended) result code, when SQLite reported the error.
    public var code: Int32? {
        switch self {
        case .cannotOpen(_, let code, _), .sqlite(_, _, let code, _): code
        default: nil
        }
    }

    /// A `UNIQUE`, `NOT NULL`, `CHECK` or primary-key constraint refused the row
    /// (`SQLITE_CONSTRAINT`, 19, in the low byte of the extended code).
    public var isConstraintViolation: Bool {
        guard let code else { return false }
        return code & 0xFF == 19
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code, let message):
            return "Cannot open the database \(path): \(message) (SQLite code \(code))."
        case .sqlite(let path, let sql, let code, let message):
            return "SQLite failed on \(path) running `\(Self.oneLine(sql))`: \(message) (SQLite code \(code))."
        case .schemaTooNew(let path, let found, let supported):
            return "The database \(path) has schema version \(found), newer than the \(supported) this joinaudit knows; use a newer joinaudit or a new database file."
        case .unreadableRow(let path, let table, let key, let column, let value):
            return "The database \(path) holds \(table) row \(key) whose \(column) is \"\(value)\", which this joinaudit cannot read; the row was edited by hand or the file is damaged."
        case .noLoadInProgress(let path):
            return "Events were stored in \(path) without beginLoad(), so re-deliveries could not be found; call beginLoad() before inserting events."
        case .directLoadFailed(let path, let reason):
            return "Storing the events in \(path) failed: \(reason). The database is as it was before this load; run the command again."
        }
    }

    /// The SQL on one line with runs of white space collapsed, so the message stays one sentence.
    private static func oneLine(_ sql: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in sql {
            if character.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }
}

import JoinAuditCore

extension EventStore {
    /// Stored findings per kind (kinds with none are absent).
    public func findingCountsByKind() throws -> [FindingKind: Int] {
        try counts("SELECT kind, count(*) FROM findings GROUP BY kind", table: "findings", column: "kind")
    }

    /// Stored findings per severity (severities with none are absent).
    public func findingCountsBySeverity() throws -> [Severity: Int] {
        try counts("SELECT severity, count(*) FROM findings GROUP BY severity", table: "findings", column: "severity")
    }

    /// Stored data-quality problems per kind.
    public func dataQualityCountsByKind() throws -> [DataQualityKind: Int] {
        try counts("SELECT kind, count(*) FROM data_quality GROUP BY kind", table: "data_quality", column: "kind")
    }

    public func eventCount() throws -> Int { try count("SELECT count(*) FROM events") }
    public func badLineCount() throws -> Int { try count("SELECT count(*) FROM bad_lines") }
    public func redeliveryCount() throws -> Int { try count("SELECT count(*) FROM redeliveries") }
    public func findingCount() throws -> Int { try count("SELECT count(*) FROM findings") }
    public func dataQualityCount() throws -> Int { try count("SELECT count(*) FROM data_quality") }

    private func count(_ sql: String) throws -> Int {
        let statement = try database.prepare(sql)
        try statement.step()
        return statement.int(at: 0)
    }

    private func counts<Key: RawRepresentable & Hashable>(_ sql: String, table: String, column: String) throws -> [Key: Int]
    where Key.RawValue == String {
        let statement = try database.prepare(sql)
        var result: [Key: Int] = [:]
        while try statement.step() {
            let raw = statement.string(at: 0) ?? "NULL"
            guard let key = Key(rawValue: raw) else {
                throw database.record(.unreadableRow(path: path, table: table, key: 0, column: column, value: raw))
            }
            result[key] = statement.int(at: 1)
        }
        return result
    }
}

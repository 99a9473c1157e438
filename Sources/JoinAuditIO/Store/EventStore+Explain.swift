import JoinAuditCore

extension EventStore {
    /// The stored event with this id (after de-duplication there is at most one).
    public func event(id: String) throws -> LoggedEvent? {
        let statement = try database.prepare("SELECT \(EventColumn.list) FROM events WHERE id = ?1 ORDER BY seq LIMIT 1")
        statement.bind(id, at: 1)
        guard try statement.step() else { return nil }
        return try EventRowReader(statement: statement, path: path).event()
    }

    /// Every event of one meeting, in replay order: replay state is per meeting, so these are
    /// all that decide how any one of them is judged.
    public func meetingEvents(tenantID: String, meetingID: String) throws -> [LoggedEvent] {
        let statement = try database.prepare("SELECT \(EventColumn.list) FROM events WHERE tenant_id = ?1 AND meeting_id = ?2 ORDER BY ts_ns, seq")
        statement.bind(tenantID, at: 1)
        statement.bind(meetingID, at: 2)
        let reader = EventRowReader(statement: statement, path: path)
        var events: [LoggedEvent] = []
        while try statement.step() { events.append(try reader.event()) }
        return events
    }

    /// The path of a file, for showing where an event was read.
    public func filePath(id: Int) throws -> String? {
        let statement = try database.prepare("SELECT path FROM files WHERE file_id = ?1")
        statement.bind(id, at: 1)
        return try statement.step() ? statement.string(at: 0) : nil
    }
}

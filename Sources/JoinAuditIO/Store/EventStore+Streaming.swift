import JoinAuditCore

/// What the streaming analysis needs beyond a plain load: it de-duplicates in memory while it
/// reads, so it records re-deliveries itself and checks its few uncertain ids at the end.
extension EventStore {
    /// True when no event is stored and no load is pending: only then can the ids seen during
    /// this run be the whole truth about what is stored.
    public func holdsNoEvents() throws -> Bool {
        let statement = try database.prepare("SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM pending_load)")
        try statement.step()
        return statement.bool(at: 0) ?? false
    }

    /// Records one re-delivered event that was never stored (the first copy is `firstSeq`).
    public func recordRedelivery(eventID: String, fileID: Int, line: Int, firstSeq: Int64) throws {
        let insert = try database.prepare("INSERT INTO redeliveries (event_id, file_id, line, first_seq) VALUES (?1, ?2, ?3, ?4)", persistent: true)
        insert.bind(eventID, at: 1)
        insert.bind(fileID, at: 2)
        insert.bind(line, at: 3)
        insert.bind(firstSeq, at: 4)
        try insert.run()
        let count = try database.prepare("UPDATE files SET redeliveries = redeliveries + 1 WHERE file_id = ?1", persistent: true)
        count.bind(fileID, at: 1)
        try count.run()
    }

    /// Starts this load's list of uncertain ids (`EventIDFilter`): a temporary table, so it
    /// lives on disk past a small cache and a day with many of them costs no memory.
    public func beginUncertainIDs() throws {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS uncertain_ids (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.uncertain_ids;")
    }

    /// Adds one id the reader could not be sure was new; checked by
    /// `uncertainIDsStoredMoreThanOnce()` when the load ends.
    public func recordUncertainID(_ id: String) throws {
        let insert = try persistentStatement(&insertUncertainIDStatement, "INSERT OR IGNORE INTO temp.uncertain_ids (id) VALUES (?1)")
        insert.bind(id, at: 1)
        try insert.run()
    }

    /// The id two stored events share, or nil when their ids differ: how a candidate pair of
    /// the reader's ledger (`StoredIDLedger`) is settled, with two row look-ups.
    public func sharedID(ofStoredEvents first: Int64, _ later: Int64) throws -> String? {
        let select = try database.prepare("SELECT a.id FROM events AS a JOIN events AS b ON b.seq = ?2 WHERE a.seq = ?1 AND a.id = b.id")
        select.bind(first, at: 1)
        select.bind(later, at: 2)
        return try select.step() ? select.string(at: 0) : nil
    }

    /// Which of the recorded uncertain ids are stored more than once. One scan of `events`
    /// against the temporary table, so it costs the same whether or not the id index exists.
    public func uncertainIDsStoredMoreThanOnce() throws -> [String] {
        let select = try database.prepare("""
            SELECT e.id FROM events AS e JOIN temp.uncertain_ids AS u ON u.id = e.id GROUP BY e.id HAVING count(*) > 1
            """)
        var repeated: [String] = []
        while try select.step() { if let id = select.string(at: 0) { repeated.append(id) } }
        return repeated
    }

    /// Ends a load whose re-deliveries were all removed while reading: nothing is left to
    /// de-duplicate, and the secondary indexes are left for the next command that needs them
    /// (`ingest`, `replay`), so the nightly `analyze` does not pay for them.
    public func finishVerifiedLoad() throws {
        try commit()
        try closePendingLoad()
        try commit()
    }

    /// Ends such a load when the stored events are to be judged at once, in replay order:
    /// only `events_by_time` is built (0.3 s per 1M events, and walking it beats sorting the
    /// table); `events_by_id` waits for the next command that needs it, as above.
    public func finishVerifiedLoadForReplay() throws {
        try finishVerifiedLoad()
        for index in Schema.eventIndexes where index.name == "events_by_time" { try database.execute(index.sql) }
        try commit()
    }

    /// The page caches, in KiB, of the database and of its temporary tables and sorts. The load
    /// appends and needs little; small caches keep memory flat however large the day.
    public func setPageCache(kibibytes: Int, temporaryKibibytes: Int) throws {
        try database.execute("PRAGMA cache_size = -\(kibibytes); PRAGMA temp.cache_size = -\(temporaryKibibytes)")
    }

    /// Loads into a fresh file without write-ahead logging. In WAL mode every page is written
    /// twice (to the log, then by the checkpoint): 268k writes and 209k reads for 1M events,
    /// measured with strace. A rollback journal records only pages that existed when the
    /// transaction began, and a fresh file has none, so this is as crash-safe and writes once.
    public func beginBulkLoadMode() throws {
        try commit()
        try database.execute("PRAGMA journal_mode = DELETE")
    }

    /// Back to WAL, so readers can query while a later ingest writes.
    public func endBulkLoadMode() throws {
        try commit()
        try database.execute("PRAGMA journal_mode = WAL")
    }
}

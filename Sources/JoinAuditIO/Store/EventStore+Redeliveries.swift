// How `finishLoad()` finds and removes re-deliveries. Timings are release builds on this
// machine's 2 cores, for 1M events of a load (ids random, as a log service writes them).

extension EventStore {
    /// How `finishLoad()` looks for re-deliveries among the rows of a load.
    enum DedupeStrategy: Sendable {
        /// For each row of the load, in `seq` order, one probe of `events_by_id` for the smallest
        /// `seq` with its id. Cost follows the size of the load: about 1 µs a row.
        case probeEachNewRow
        /// One pass over `events_by_id`, where each id's copies sit side by side, collecting the
        /// ids stored more than once; then, only if there are any, one pass over the load's rows
        /// looking each up among those ids. Cost follows everything stored, but sequentially:
        /// about 0.2 s for 1M stored events and no re-deliveries.
        case scanIndex

        /// Scanning wins until the load is under about an eighth of what was stored before it
        /// (1M new rows onto nothing: 0.2 s scanning, 1.0 s probing).
        static func choose(newRows: Int64, storedBefore: Int64) -> DedupeStrategy {
            newRows * 8 >= storedBefore ? .scanIndex : .probeEachNewRow
        }
    }

    /// Finds the re-deliveries among events with `seq >= firstSeq` (earlier loads were cleaned),
    /// records them, deletes them and counts them in their files. Needs `events_by_id`; may drop
    /// it (the caller rebuilds it).
    func removeRedeliveries(storedFrom firstSeq: Int64) throws -> Int {
        try database.execute("""
            CREATE TEMP TABLE IF NOT EXISTS repeated (id TEXT PRIMARY KEY, first_seq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS redelivered (
                seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, file_id INTEGER NOT NULL,
                line INTEGER NOT NULL, first_seq INTEGER NOT NULL);
            DELETE FROM temp.repeated;
            DELETE FROM temp.redelivered;
            """)
        defer { try? database.execute("DELETE FROM temp.repeated; DELETE FROM temp.redelivered;") }
        // Seqs are dense, so seq ranges are good enough counts for choosing.
        let lastSeq = try nextSeq() - 1
        let strategy = dedupeStrategyOverride
            ?? DedupeStrategy.choose(newRows: lastSeq - firstSeq + 1, storedBefore: firstSeq - 1)
        switch strategy {
        case .probeEachNewRow:
            // A join, not a scalar subquery: SQLite would run the subquery twice per row.
            let find = try database.prepare("""
                INSERT INTO temp.redelivered (seq, event_id, file_id, line, first_seq)
                SELECT later.seq, later.id, later.file_id, later.line, min(earlier.seq)
                FROM events AS later
                CROSS JOIN events AS earlier INDEXED BY events_by_id
                    ON earlier.id = later.id AND earlier.seq < later.seq
                WHERE later.seq >= ?1
                GROUP BY later.seq
                """)
            find.bind(firstSeq, at: 1)
            try find.run()
        case .scanIndex:
            let repeated = try database.prepare("""
                INSERT INTO temp.repeated (id, first_seq)
                SELECT id, min(seq) FROM events INDEXED BY events_by_id
                GROUP BY id HAVING count(*) > 1 AND max(seq) >= ?1
                """)
            repeated.bind(firstSeq, at: 1)
            try repeated.run()
            guard database.changes > 0 else { return 0 }
            // CROSS JOIN keeps `events` outside: its rows are read in seq order, not at random.
            let find = try database.prepare("""
                INSERT INTO temp.redelivered (seq, event_id, file_id, line, first_seq)
                SELECT later.seq, later.id, later.file_id, later.line, r.first_seq
                FROM events AS later CROSS JOIN temp.repeated AS r ON r.id = later.id
                WHERE later.seq >= ?1 AND later.seq > r.first_seq
                """)
            find.bind(firstSeq, at: 1)
            try find.run()
        }
        let found = database.changes
        guard found > 0 else { return 0 }
        // Deleting a row from events_by_id costs about 3.8 µs (the keys are random); building
        // the index again about 1–1.5 µs per remaining row. Same file ingested twice: 1M
        // deletes took 3.8 s with the index, 1.9 s dropping and rebuilding it.
        if Int64(found) * 2 >= lastSeq - Int64(found) {
            try database.execute("DROP INDEX IF EXISTS events_by_id")
        }
        try database.execute("""
            INSERT INTO redeliveries (event_id, file_id, line, first_seq)
                SELECT event_id, file_id, line, first_seq FROM temp.redelivered ORDER BY seq;
            DELETE FROM events WHERE seq IN (SELECT seq FROM temp.redelivered);
            UPDATE files SET redeliveries = redeliveries
                + (SELECT count(*) FROM temp.redelivered AS r WHERE r.file_id = files.file_id)
                WHERE file_id IN (SELECT file_id FROM temp.redelivered);
            """)
        return found
    }
}

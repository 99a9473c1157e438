extension EventStore {
    /// What a run came to, for its `runs` row.
    public struct RunCounts: Sendable, Equatable {
        public var files: Int
        public var events: Int
        public var badLines: Int
        public var redeliveries: Int
        public var findings: Int
        public var dataQuality: Int

        public init(files: Int = 0, events: Int = 0, badLines: Int = 0, redeliveries: Int = 0, findings: Int = 0, dataQuality: Int = 0) {
            self.files = files
            self.events = events
            self.badLines = badLines
            self.redeliveries = redeliveries
            self.findings = findings
            self.dataQuality = dataQuality
        }
    }

    /// Records that a command began (`analyze`, `ingest`, ...) with these policy files, and
    /// returns its `run_id`. Committed at once, so a run that dies still shows.
    public func beginRun(command: String, policyFiles: [String] = []) throws -> Int {
        try database.transaction {
            let insert = try database.prepare("INSERT INTO runs (command, started_at, policy_files) VALUES (?1, ?2, ?3)")
            insert.bind(command, at: 1)
            insert.bind(StoreClock.now().description, at: 2)
            // One path per line: paths with a newline in them are not worth a JSON encoder here.
            insert.bind(policyFiles.isEmpty ? nil : policyFiles.joined(separator: "\n"), at: 3)
            try insert.run()
            return Int(database.lastInsertRowID)
        }
    }

    /// Records how a run ended.
    public func finishRun(runID: Int, counts: RunCounts, exitStatus: Int32) throws {
        try database.transaction {
            let update = try database.prepare("""
                UPDATE runs SET finished_at = ?1, files = ?2, events = ?3, bad_lines = ?4, redeliveries = ?5,
                    findings = ?6, data_quality = ?7, exit_status = ?8
                WHERE run_id = ?9
                """)
            update.bind(StoreClock.now().description, at: 1)
            update.bind(counts.files, at: 2)
            update.bind(counts.events, at: 3)
            update.bind(counts.badLines, at: 4)
            update.bind(counts.redeliveries, at: 5)
            update.bind(counts.findings, at: 6)
            update.bind(counts.dataQuality, at: 7)
            update.bind(Int(exitStatus), at: 8)
            update.bind(runID, at: 9)
            try update.run()
        }
    }
}

extension EventStore {
    /// The policy files of the latest finished `analyze` or `replay` of this database: the
    /// policy its stored findings were judged by. `nil` when no run recorded any.
    public func latestJudgingPolicyFiles() throws -> (runID: Int, command: String, files: [String])? {
        let statement = try database.prepare("""
            SELECT run_id, command, policy_files FROM runs
            WHERE policy_files IS NOT NULL AND finished_at IS NOT NULL AND command IN ('analyze', 'replay')
            ORDER BY run_id DESC LIMIT 1
            """)
        guard try statement.step(), let files = statement.string(at: 2) else { return nil }
        return (statement.int(at: 0), statement.string(at: 1) ?? "", files.split(separator: "\n").map(String.init))
    }
}

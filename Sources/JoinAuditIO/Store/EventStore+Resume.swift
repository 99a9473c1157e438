/// What a re-run needs to converge after a run was killed mid-load: the files that the dead
/// load committed. Each file is one transaction (its `files` row, events and bad lines
/// together), so a committed file is complete; reading it again would only turn every one of
/// its events into a re-delivery that a clean run never had.
extension EventStore {
    /// A file committed by the load still pending, as its `files` row says it was read.
    public struct CommittedFile: Sendable, Equatable {
        public var fileID: Int
        public var path: String
        public var sizeBytes: Int64
        public var sha256: String
        public var lines: Int
        public var events: Int
        public var badLines: Int
        /// Why it could not be read to its end, as reported then; `nil` when complete.
        public var damage: String?
    }

    /// The join-log files committed by a load that began and never finished (the process died
    /// before `finishLoad()`), in `file_id` order; empty when no load is pending or when the
    /// pending load was begun by a build that did not note its first file. Only join logs:
    /// an imported file's events depend on the other inputs of its run (organizers found in
    /// other files), so those are read again.
    public func filesOfPendingLoad() throws -> [CommittedFile] {
        let select = try database.prepare("""
            SELECT file_id, path, size_bytes, sha256, lines, events, bad_lines, damage
            FROM files
            WHERE file_id >= (SELECT min(first_file_id) FROM pending_load)
              AND status IN ('complete', 'damaged') AND input_kind = 'join_log'
              AND size_bytes IS NOT NULL AND sha256 IS NOT NULL
            ORDER BY file_id
            """)
        var files: [CommittedFile] = []
        while try select.step() {
            files.append(CommittedFile(
                fileID: select.int(at: 0), path: select.string(at: 1) ?? "", sizeBytes: select.int64(at: 2),
                sha256: select.string(at: 3) ?? "", lines: select.int(at: 4), events: select.int(at: 5),
                badLines: select.int(at: 6), damage: select.string(at: 7)))
        }
        return files
    }
}

/// Holding a finished load open until the run that made it records its end, for commands that
/// print after loading (`analyze` prints every finding): a run killed while printing then left
/// a pending load, and the re-run resumes it (same database, full output) instead of reading
/// every file again as re-deliveries.
extension EventStore {
    /// Ends the pending load's bookkeeping once its re-deliveries are removed: deletes the
    /// note, or, when `holdsLoadOpen`, keeps it (its files still resumable) with nothing left
    /// to check (`first_seq` past the last event), for `endHeldLoad()`.
    func closePendingLoad() throws {
        if holdsLoadOpen {
            try database.execute("UPDATE pending_load SET first_seq = (SELECT coalesce(max(seq), 0) + 1 FROM events)")
        } else {
            try database.execute("DELETE FROM pending_load")
        }
    }

    /// Ends a held load; call in the transaction that records the run's end.
    public func endHeldLoad() throws {
        try database.execute("DELETE FROM pending_load")
    }
}

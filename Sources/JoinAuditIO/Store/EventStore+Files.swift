import Foundation
import JoinAuditCore

extension EventStore {
    /// What reading one file came to, for its `files` row.
    public struct FileSummary: Sendable, Equatable {
        public var sizeBytes: Int64?
        /// Of the file's bytes as stored on disk (compressed, for `.gz`), lowercase hex.
        public var sha256: String?
        public var lines: Int
        /// Valid events read, re-deliveries included (`finishLoad()` counts those).
        public var events: Int
        public var badLines: Int
        /// Why the file could not be read to its end (truncated or corrupt gzip, I/O error),
        /// naming the byte offset; `nil` when it was read completely.
        public var damage: String?

        public init(sizeBytes: Int64? = nil, sha256: String? = nil, lines: Int, events: Int, badLines: Int, damage: String? = nil) {
            self.sizeBytes = sizeBytes
            self.sha256 = sha256
            self.lines = lines
            self.events = events
            self.badLines = badLines
            self.damage = damage
        }
    }

    public enum FileStatus: String, Sendable, Hashable {
        case reading, complete, damaged
    }

    /// A `files` row.
    public struct StoredFile: Sendable, Equatable {
        public var fileID: Int
        public var path: String
        public var inputKind: String
        public var status: FileStatus
        public var summary: FileSummary
        public var redeliveries: Int
        public var startedAt: String
        public var finishedAt: String?
        public var seconds: Double?
    }

    /// Records that reading `path` has begun (status `reading`) and returns its `file_id`, the
    /// `SourceLocation.fileID` of its events. `inputKind` names the reader, e.g. `join_log`.
    ///
    /// The row is written in the file's transaction (opened here if none is open), so it is
    /// committed with the file's events by `finishFile` and `commit()`, or not at all: a run
    /// killed while reading leaves no trace of the file, and a re-run reads it again under the
    /// same `file_id` (docs/reliability.md).
    public func beginFile(path filePath: String, inputKind: String) throws -> Int {
        try ensureTransaction()
        let now = StoreClock.now()
        let insert = try database.prepare("INSERT INTO files (path, input_kind, status, started_at) VALUES (?1, ?2, 'reading', ?3)")
        insert.bind(filePath, at: 1)
        insert.bind(inputKind, at: 2)
        insert.bind(now.description, at: 3)
        try insert.run()
        let fileID = Int(database.lastInsertRowID)
        fileStarts[fileID] = now
        return fileID
    }

    /// Records what reading the file came to: status `complete`, or `damaged` with the reason.
    public func finishFile(fileID: Int, summary: FileSummary) throws {
        let now = StoreClock.now()
        let update = try database.prepare("""
            UPDATE files SET size_bytes = ?1, sha256 = ?2, lines = ?3, events = ?4, bad_lines = ?5,
                status = ?6, damage = ?7, finished_at = ?8, seconds = ?9
            WHERE file_id = ?10
            """)
        update.bind(summary.sizeBytes, at: 1)
        update.bind(summary.sha256, at: 2)
        update.bind(summary.lines, at: 3)
        update.bind(summary.events, at: 4)
        update.bind(summary.badLines, at: 5)
        update.bind((summary.damage == nil ? FileStatus.complete : .damaged).rawValue, at: 6)
        update.bind(summary.damage, at: 7)
        update.bind(now.description, at: 8)
        update.bind(fileStarts[fileID].map { now.seconds(since: $0) }, at: 9)
        update.bind(fileID, at: 10)
        try update.run()
        fileStarts[fileID] = nil
    }

    /// Every `files` row, by `file_id`.
    public func files() throws -> [StoredFile] {
        let select = try database.prepare("""
            SELECT file_id, path, input_kind, status, size_bytes, sha256, lines, events, bad_lines,
                   damage, redeliveries, started_at, finished_at, seconds
            FROM files ORDER BY file_id
            """)
        var files: [StoredFile] = []
        while try select.step() {
            let fileID = select.int64(at: 0)
            let statusText = select.string(at: 3) ?? "NULL"
            guard let status = FileStatus(rawValue: statusText) else {
                throw database.record(.unreadableRow(path: path, table: "files", key: fileID, column: "status", value: statusText))
            }
            files.append(StoredFile(
                fileID: Int(fileID), path: select.string(at: 1) ?? "", inputKind: select.string(at: 2) ?? "",
                status: status,
                summary: FileSummary(
                    sizeBytes: select.optionalInt64(at: 4), sha256: select.string(at: 5), lines: select.int(at: 6),
                    events: select.int(at: 7), badLines: select.int(at: 8), damage: select.string(at: 9)),
                redeliveries: select.int(at: 10), startedAt: select.string(at: 11) ?? "",
                finishedAt: select.string(at: 12), seconds: select.optionalDouble(at: 13)))
        }
        return files
    }
}

/// The wall clock, for the `*_at` columns (RFC 3339 UTC, as `Timestamp` spells it).
enum StoreClock {
    static func now() -> Timestamp {
        Timestamp(nanoseconds: Int64((Date().timeIntervalSince1970 * 1_000).rounded()) * 1_000_000)
    }
}

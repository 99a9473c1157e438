import JoinAuditCore

/// An input file of an import run.
public struct ImportFile: Sendable, Equatable {
    /// 0-based position among the run's inputs (after directories are expanded).
    public var index: Int
    /// The path as given, `-` for standard input: what messages and the `files` table name.
    public var name: String
    public var kind: InputKind

    public init(index: Int, name: String, kind: InputKind) {
        self.index = index
        self.name = name
        self.kind = kind
    }
}

/// Where in a file a record was read.
public struct ImportPosition: Sendable, Equatable, Hashable {
    public var fileIndex: Int
    /// 1-based among the file's records: data rows of a CSV (the header is not counted),
    /// elements of a JSON array or page, lines of a join log.
    public var record: Int
    /// The line the record starts on (1-based, in the decompressed text): what an editor
    /// shows. For a minified JSON array every record is on line 1, and `record` tells them apart.
    public var line: Int

    public init(fileIndex: Int, record: Int, line: Int) {
        self.fileIndex = fileIndex
        self.record = record
        self.line = line
    }
}

/// A record that is about a meeting but could not be mapped (or could not be read at all):
/// kept with its file, position and reason, counted and reported; the rest goes on.
public struct BadRecord: Sendable, Equatable, CustomStringConvertible {
    public var file: ImportFile
    public var position: ImportPosition
    /// The field at fault, with its path (`Attendees[0].RecipientType`), when there is one.
    public var field: String?
    /// One sentence, naming the field.
    public var reason: String
    /// The record's first bytes (at most 4 KiB), for the `bad_lines` table. For a CSV record,
    /// its fields unquoted and joined by commas.
    public var raw: [UInt8]

    public var description: String {
        let place = file.name == "-" ? "standard input" : file.name
        let record = file.kind == .joinLog ? "" : " (record \(position.record))"
        return "\(place):\(position.line)\(record): \(reason)"
    }
}

/// A record that made no event by design (another operation, an application), counted.
public struct SkippedRecord: Sendable, Equatable {
    public var file: ImportFile
    public var position: ImportPosition
    public var reason: SkipReason
}

/// What an import run hands its caller, in input order.
public enum ImportedItem: Sendable {
    /// Reading a file begins (its kind decided); the items up to `fileFinished` are its.
    case fileStarted(ImportFile)
    /// A join-log event, satisfying log-format.md, made from the record at the position.
    case event(Event, ImportPosition)
    case badRecord(BadRecord)
    case skipped(SkippedRecord)
    case fileFinished(FileImportSummary)
}

/// What one file came to.
public struct FileImportSummary: Sendable, Equatable {
    public var file: ImportFile
    /// Sizes, SHA-256 of the stored bytes, line count, gzip damage: for the `files` table.
    public var read: ReadSummary
    public var records = 0
    public var events = 0
    public var skipped = 0
    public var badRecords = 0
    /// Skips by `SkipReason.key`.
    public var skippedByReason: [String: Int] = [:]
    /// Why the file could not be imported at all (a CSV without an `AuditData` column), or nil.
    public var failure: String?

    public init(file: ImportFile, read: ReadSummary) {
        self.file = file
        self.read = read
    }
}

/// What a whole import run came to.
public struct ImportSummary: Sendable, Equatable {
    public var files: [FileImportSummary] = []
    public var records: Int { files.reduce(0) { $0 + $1.records } }
    public var events: Int { files.reduce(0) { $0 + $1.events } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }
    public var badRecords: Int { files.reduce(0) { $0 + $1.badRecords } }
    /// Damaged gzip streams (every complete record before the damage was read).
    public var damages: [ReadDamage] { files.compactMap(\.read.damage) }
    /// Files that could not be imported at all, with why.
    public var failures: [(name: String, reason: String)] { files.compactMap { f in f.failure.map { (f.file.name, $0) } } }

    public static func == (lhs: ImportSummary, rhs: ImportSummary) -> Bool { lhs.files == rhs.files }
}

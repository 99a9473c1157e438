extension EventStore {
    /// How much of a bad line is kept: enough to see what was wrong, bounded so that a file of
    /// 1 MiB garbage lines does not double in the database.
    public static let badLineRawLimit = 4096

    /// A `bad_lines` row, with its file's path.
    public struct BadLine: Sendable, Equatable {
        public var fileID: Int
        public var path: String?
        public var line: Int
        /// The field the problem is about; `nil` when it is about the whole line (not JSON).
        public var field: String?
        public var reason: String
        /// The line's first bytes (at most `badLineRawLimit`).
        public var raw: [UInt8]
        /// The bytes were valid UTF-8 and are stored as TEXT; otherwise as a BLOB.
        public var rawIsText: Bool
    }

    static let insertBadLineSQL = "INSERT INTO bad_lines (file_id, line, field, reason, raw) VALUES (?1, ?2, ?3, ?4, ?5)"

    /// Keeps a line that could not be read as an event. `raw` is cut to ``badLineRawLimit``
    /// bytes (backing off to the start of a character cut in two) and stored as TEXT when it is
    /// valid UTF-8, else as a BLOB with its exact bytes. Opens a transaction if none is open.
    public func insertBadLine(fileID: Int, line: Int, field: String?, reason: String, raw: UnsafeRawBufferPointer) throws {
        try ensureTransaction()
        let s = try persistentStatement(&insertBadLineStatement, Self.insertBadLineSQL)
        s.clearBindings()
        let (kept, isText) = Self.cut(raw, to: Self.badLineRawLimit)
        s.bind(fileID, at: 1)
        s.bind(line, at: 2)
        s.bind(field, at: 3)
        s.bind(reason, at: 4)
        s.bind(bytes: kept, asText: isText, at: 5)
        defer { s.reset() }
        try s.step()
    }

    /// The first `limit` bytes, and whether they are UTF-8. When the cut splits a character of an
    /// otherwise valid line, the partial character is dropped so that the text stays text.
    static func cut(_ raw: UnsafeRawBufferPointer, to limit: Int) -> (UnsafeRawBufferPointer, isText: Bool) {
        var kept = UnsafeRawBufferPointer(rebasing: raw[..<min(raw.count, limit)])
        if isUTF8(kept) { return (kept, true) }
        if raw.count > limit {
            // Drop up to three continuation bytes and the lead byte before them.
            var end = kept.count
            while end > 0, kept.count - end < 3, kept[end - 1] & 0xC0 == 0x80 { end -= 1 }
            if end > 0, kept[end - 1] >= 0xC0 {
                let shorter = UnsafeRawBufferPointer(rebasing: kept[..<(end - 1)])
                if isUTF8(shorter) {
                    kept = shorter
                    return (kept, true)
                }
            }
        }
        return (kept, false)
    }

    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Calls `body` with every bad line, by file then line.
    public func forEachBadLine(_ body: (BadLine) throws -> Void) throws {
        let select = try database.prepare("""
            SELECT b.file_id, f.path, b.line, b.field, b.reason, b.raw, typeof(b.raw) = 'text'
            FROM bad_lines AS b LEFT JOIN files AS f ON f.file_id = b.file_id
            ORDER BY b.file_id, b.line, b.rowid
            """)
        while try select.step() {
            try body(BadLine(
                fileID: select.int(at: 0), path: select.string(at: 1), line: select.int(at: 2),
                field: select.string(at: 3), reason: select.string(at: 4) ?? "", raw: select.blob(at: 5) ?? [],
                rawIsText: select.bool(at: 6) ?? false))
        }
    }
}

/// One record of a CSV file, its fields unquoted (doubled quotes made single), borrowed from
/// the reader's buffer: valid only during the call that receives it.
struct CSVRecord {
    /// 1-based among the file's records, the header being record 1.
    let number: Int
    /// The line the record starts on (1-based).
    let line: Int
    let buffer: UnsafeRawBufferPointer
    /// Each field's end offset in `buffer`; a field starts where the previous one ended.
    let fieldEnds: UnsafeBufferPointer<Int>

    var fieldCount: Int { fieldEnds.count }

    func field(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return UnsafeRawBufferPointer(rebasing: buffer[start..<fieldEnds[index]])
    }

    func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// The fields joined by commas, for a bad-record report.
    func joined(limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        for index in 0..<fieldCount {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: field(index).prefix(limit - out.count))
            if out.count >= limit { break }
        }
        return out
    }
}

/// Why a record reader could not make a record of some bytes: a truncated or over-long
/// record, or one that gzip damage cut short. Counted as a bad record.
struct RecordDamage {
    let number: Int
    let line: Int
    let reason: String
    let raw: [UInt8]
}

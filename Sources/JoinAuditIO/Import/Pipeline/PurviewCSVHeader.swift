/// The columns of a Purview export that the importer reads, found by name in the header
/// (either header set of sources.md: classic `CreationDate,UserIds,Operations,AuditData`, or
/// `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,…`), in any case.
struct PurviewCSVHeader {
    /// The `AuditData` column; nil when the header has none (not a Purview export).
    var auditData: Int?
    /// `Operation` or `Operations`, used to skip other operations without parsing their JSON.
    var operation: Int?
    var fieldCount: Int

    init(_ record: CSVRecord) {
        fieldCount = record.fieldCount
        for index in 0..<record.fieldCount {
            let name = record.string(index).filter { $0 != " " }.lowercased()
            switch name {
            case "auditdata": if auditData == nil { auditData = index }
            case "operation", "operations": if operation == nil { operation = index }
            default: break
            }
        }
    }

    /// Whether an `Operation` cell is `name` (ASCII case-insensitive, spaces around ignored).
    static func isOperation(_ cell: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 { start += 1 }
        while end > start, cell[end - 1] == 0x20 { end -= 1 }
        guard end - start == name.utf8CodeUnitCount else { return false }
        for k in 0..<(end - start) {
            var c = cell[start + k]
            var d = name.utf8Start[k]
            if c &- UInt8(ascii: "A") < 26 { c |= 0x20 }
            if d &- UInt8(ascii: "A") < 26 { d |= 0x20 }
            guard c == d else { return false }
        }
        return true
    }
}

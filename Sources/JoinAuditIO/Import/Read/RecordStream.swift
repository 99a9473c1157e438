/// What the importers' record readers share: they take decompressed bytes as they come,
/// mark where damage cut the input, and flush at the end. Lets one loop feed either.
protocol RecordStream: AnyObject {
    func consume(_ chunk: UnsafeRawBufferPointer) throws
    func cut() throws
    func finish() throws
}

extension CSVRecordReader: RecordStream {}
extension JSONRecordStream: RecordStream {}

extension ChunkReader {
    /// Reads the whole input into `stream`, then finishes it.
    func feed(_ stream: some RecordStream) throws -> ReadSummary {
        let summary = try read { piece in
            switch piece {
            case .bytes(let bytes): try stream.consume(bytes)
            case .cut: try stream.cut()
            }
        }
        try stream.finish()
        return summary
    }
}

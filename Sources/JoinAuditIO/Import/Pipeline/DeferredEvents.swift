import Foundation
import JoinAuditCore

/// Events held back until every record of the run has been read: `meeting_ended` events,
/// which must come after the joins and leaves at the same instant that they close (a
/// meeting's `EndTime` is usually its last participant's `LeaveTime`, and replay orders equal
/// instants by reading order), whichever file their `MeetingDetail` record was in.
///
/// There is one per meeting of the export, so they wait in an unnamed temporary file as join
/// log lines, not in memory: held as `Event`s they were 21 MB of the 66 MB heap peak of a
/// 1M-record Purview export (heaptrack). A line read back is the event written: the join-log
/// writer and parser are exact inverses (`JoinLogWriterTests`), and `import` relies on the
/// same. Without a temporary file they are held in memory, as before.
final class DeferredEvents {
    private var file: UnsafeMutablePointer<FILE>?
    /// False once a write has failed: what the file holds by then is still read back.
    private var writable = true
    /// Records written to the file whole; a failed write may leave part of one after them.
    private var spilled = 0
    private var held: [(Event, ImportPosition)] = []
    private var line: [UInt8] = []
    private(set) var count = 0

    /// `spillToFile` false keeps them in memory (tests of that path).
    init(spillToFile: Bool = true) {
        file = spillToFile ? tmpfile() : nil
    }

    /// Spills to `file`, which it closes (tests: a file that cannot be written).
    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    deinit {
        if let file { fclose(file) }
    }

    func append(_ event: Event, at position: ImportPosition) {
        count += 1
        guard let file, writable else { return held.append((event, position)) }
        line.removeAll(keepingCapacity: true)
        JoinLogWriter.appendLine(event, to: &line)
        line.removeLast()  // the newline: the header's length says where the line ends
        // The header read back in `forEach`: position, then the line's length.
        let header = [position.fileIndex, position.record, position.line, line.count].map { Int64($0).littleEndian }
        let written = header.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            + line.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written == 32 + line.count {
            spilled += 1
        } else {
            // The disk is full or gone: keep this one and the rest in memory; the records
            // already written are still read back.
            writable = false
            held.append((event, position))
        }
    }

    /// Hands over every held event in the order added, then forgets them.
    func forEach(_ body: (Event, ImportPosition) throws -> Void) throws {
        defer { removeAll() }
        let inMemory = held
        if let file, spilled > 0 {
            // Buffered writes fail here if at all: an error then, never a silent loss.
            guard fflush(file) == 0 else { throw DeferredEventsError("cannot write the temporary file of held-back events") }
            rewind(file)
            let parser = JoinLogLineParser()
            var header = [Int64](repeating: 0, count: 4)
            for _ in 0..<spilled {
                guard header.withUnsafeMutableBytes({ fread($0.baseAddress, 1, $0.count, file) }) == 32 else {
                    throw DeferredEventsError("the temporary file of held-back events ends early")
                }
                let values = header.map { Int(Int64(littleEndian: $0)) }
                line = [UInt8](repeating: 0, count: values[3])
                guard line.withUnsafeMutableBytes({ fread($0.baseAddress, 1, $0.count, file) }) == values[3] else {
                    throw DeferredEventsError("the temporary file of held-back events ends early")
                }
                let event: Event
                do { event = try parser.parse(line) } catch {
                    throw DeferredEventsError("a held-back event did not read back: \(error)")
                }
                try body(event, ImportPosition(fileIndex: values[0], record: values[1], line: values[2]))
            }
        }
        for (event, position) in inMemory { try body(event, position) }
    }

    private func removeAll() {
        held.removeAll()
        count = 0
        spilled = 0
        if let file {
            rewind(file)
            _ = ftruncate(fileno(file), 0)
        }
    }
}

/// The temporary file of held-back events failed; names what went wrong.
struct DeferredEventsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

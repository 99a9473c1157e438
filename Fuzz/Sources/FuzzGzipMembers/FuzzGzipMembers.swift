import Glibc
import JoinAuditIO

/// Structure-aware gzip fuzzing: random bytes rarely make a valid deflate stream, so this
/// target compresses the input's text itself, into one to four members (as rotation writes
/// them), then damages the file the way shippers do, and checks the reader against the same
/// text read plain:
/// - undamaged: exactly the plain reading's lines, whatever the members and read size;
/// - truncated: a prefix of the plain reading's lines (the last may be cut short only when
///   the cut falls on a member's end, which looks like a complete file), and a `truncated`
///   damage at the file's length unless the cut is on a member boundary;
/// - a byte flipped or garbage inserted: anything but a crash or a line over the limit.
/// Input: byte 0 read size, byte 1 members and level, byte 2 damage kind, bytes 3–4 where,
/// byte 5 the flipped bits; the rest is the text.
let files: (gzip: Int32, plain: Int32) = (temporaryFile(), temporaryFile())

func temporaryFile() -> Int32 {
    var template = Array("/tmp/joinaudit-fuzz-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    precondition(fd >= 0, "cannot create a temporary file")
    unlink(template)
    return fd
}

func reset(_ fd: Int32) {
    _ = ftruncate(fd, 0)
    _ = lseek(fd, 0, SEEK_SET)
}

func read(_ fd: Int32, chunkSize: Int) -> (lines: [(Int, [UInt8], Bool)], summary: ReadSummary?) {
    _ = lseek(fd, 0, SEEK_SET)
    var reader = LogReader(fileDescriptor: fd, name: "fuzz")
    reader.chunkSize = chunkSize
    reader.maxLineLength = 2048
    reader.oversizedPrefixLength = 32
    var lines: [(Int, [UInt8], Bool)] = []
    let summary = try? reader.readLines { line in
        precondition(line.bytes.count <= (line.isOversized ? 32 : 2048))
        lines.append((line.number, Array(line.bytes), line.isOversized))
    }
    return (lines, summary)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzipMembers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 6 else { return 0 }
    let chunkSize = Int(data[0]) % 97 + 1
    let members = Int(data[1] & 3) + 1
    let level = Int32(data[1] >> 2) % 10
    let damage = data[2] % 4  // 0 none, 1 truncate, 2 flip, 3 garbage
    let place = Int(data[3]) << 8 | Int(data[4])
    let text = UnsafeRawBufferPointer(start: data + 6, count: size - 6)

    reset(files.plain)
    if !text.isEmpty { _ = write(files.plain, text.baseAddress!, text.count) }
    reset(files.gzip)
    var memberEnds: [Int] = []
    var start = 0
    for k in 1...members {
        let end = text.count * k / members
        guard let writer = try? GzipStreamWriter(fileDescriptor: files.gzip, name: "fuzz", level: level) else { return 0 }
        try? writer.write(UnsafeRawBufferPointer(rebasing: text[start..<end]))
        try? writer.finish()
        memberEnds.append(Int(lseek(files.gzip, 0, SEEK_CUR)))
        start = end
    }
    let length = memberEnds.last!
    let at = length > 0 ? place % length : 0
    switch damage {
    case 1: _ = ftruncate(files.gzip, off_t(at))
    case 2:
        var byte: UInt8 = 0
        _ = pread(files.gzip, &byte, 1, off_t(at))
        byte ^= data[5] | 1
        _ = pwrite(files.gzip, &byte, 1, off_t(at))
    case 3:
        let garbage: [UInt8] = [0x1f, 0x8b, 0x08, data[5], 0, 0, 0, 0, 0, 0xff]
        var tail = [UInt8](repeating: 0, count: length - at)
        _ = pread(files.gzip, &tail, tail.count, off_t(at))
        _ = pwrite(files.gzip, garbage, garbage.count, off_t(at))
        _ = pwrite(files.gzip, tail, tail.count, off_t(at + garbage.count))
    default: break
    }

    let plain = read(files.plain, chunkSize: 4096)
    let gzip = read(files.gzip, chunkSize: chunkSize)
    guard let plainSummary = plain.summary, plainSummary.damage == nil else { return 0 }  // text that starts 1f 8b
    guard let summary = gzip.summary else { preconditionFailure("a gzip file in a temporary file must be readable") }
    switch damage {
    case 0:
        precondition(summary.damage == nil, "undamaged file reported damaged: \(summary.damage!)")
        precondition(gzip.lines.elementsEqual(plain.lines, by: { $0 == $1 }), "members change the lines read")
    case 1:
        // Under two bytes the file is not recognised as gzip (1f 8b) and is read as text.
        guard at >= 2 else { return 0 }
        let onBoundary = at == 0 || memberEnds.contains(at)
        precondition(onBoundary || summary.damage?.kind == .truncated && summary.damage?.offset == at, "truncation at \(at) not reported")
        precondition(gzip.lines.count <= plain.lines.count)
        for (k, line) in gzip.lines.enumerated() {
            let whole = plain.lines[k]
            let isLast = k == gzip.lines.count - 1
            if isLast && onBoundary {
                precondition(line.0 == whole.0 && whole.1.starts(with: line.1), "a cut line is not a prefix of the text's")
            } else {
                precondition(line == whole, "line \(line.0) differs after a truncation")
            }
        }
    default:
        break
    }
    return 0
}

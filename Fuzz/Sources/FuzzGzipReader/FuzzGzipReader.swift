import Glibc
import JoinAuditIO

/// A whole input file (gzip with any number of members, damaged or not, or plain text) read
/// through `LogReader` into lines, with a read size taken from the input's first byte so that
/// chunk boundaries fall everywhere. Any bytes must give lines and at most a `ReadDamage`,
/// never a crash or a line longer than the limit.
/// An unlinked temporary file, rewritten for each input (a pipe could not hold large inputs).
let descriptor: Int32 = {
    var template = Array("/tmp/joinaudit-fuzz-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    precondition(fd >= 0, "cannot create a temporary file")
    unlink(template)
    return fd
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzipReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = Int(data[0]) % 64 + 1
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    _ = ftruncate(descriptor, 0)
    _ = lseek(descriptor, 0, SEEK_SET)
    var written = 0
    while written < body.count {
        let wrote = write(descriptor, body.baseAddress! + written, body.count - written)
        precondition(wrote > 0)
        written += wrote
    }
    _ = lseek(descriptor, 0, SEEK_SET)
    var reader = LogReader(fileDescriptor: descriptor, name: "fuzz.gz")
    reader.chunkSize = chunkSize
    reader.maxLineLength = 4096
    reader.oversizedPrefixLength = 64
    do {
        var last = 0
        let summary = try reader.readLines { line in
            precondition(line.number > last, "line numbers go up")
            last = line.number
            precondition(line.isOversized ? line.bytes.count <= 64 : line.bytes.count <= 4096)
        }
        precondition(summary.lines >= last)
    } catch {
        _ = String(describing: error)
    }
    return 0
}

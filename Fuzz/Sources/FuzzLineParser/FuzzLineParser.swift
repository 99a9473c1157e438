import JoinAuditIO

/// One join-log line, as the reader hands it on: any bytes must give an event or a
/// `LineProblem`, never a crash, a hang or an out-of-bounds read (address sanitizer).
/// A problem must also describe itself, since its text goes to stderr and `bad_lines`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = UnsafeRawBufferPointer(start: data, count: size)
    do {
        let event = try JoinLogLineParser().parse(line)
        precondition(!event.id.isEmpty || size > 0)
    } catch {
        _ = error.description
    }
    return 0
}

import JoinAuditIO

/// One join-log line, as the reader hands it on: any bytes must give an event or a
/// `LineProblem`, never a crash, a hang or an out-of-bounds read (address sanitizer).
/// A problem must also describe itself, since its text goes to stderr and `bad_lines`.
/// An event must survive the writer: written as a line (the simulator's and importers'
/// output) and parsed again, it is the same event, so escaping never changes what is judged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parser = JoinLogLineParser()
    let line = UnsafeRawBufferPointer(start: data, count: size)
    do {
        let event = try parser.parse(line)
        let written = JoinLogWriter.line(event)
        do {
            let again = try parser.parse(written)
            precondition(again == event, "written and read again, the event changed: \(written)")
        } catch {
            preconditionFailure("the writer's line is not readable (\(error)): \(written)")
        }
    } catch {
        _ = error.description
    }
    return 0
}

import Foundation
import JoinAuditIO

/// A policy file's bytes: any input must load or fail with a `PolicyFileError` whose message
/// names the file, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do {
        _ = try PolicyFileLoader.load(data: bytes, name: "fuzz.json")
    } catch {
        precondition(error.description.hasPrefix("fuzz.json: "), "message does not name the file: \(error)")
    }
    return 0
}

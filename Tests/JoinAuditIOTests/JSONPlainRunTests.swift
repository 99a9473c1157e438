#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import JoinAuditIO

/// The string scan's fast path (`JSONLineScanner.plainEnd`, C with SSE2) must stop exactly
/// where a byte-at-a-time scan would: at the first quote, backslash, control byte or byte of
/// 0x80 and above, in whichever step (16 bytes, 8, or 1) it falls, and never read past `end`.
@Suite struct JSONPlainRunTests {
    static let marks: [UInt8] = [0x22, 0x5C, 0x00, 0x09, 0x1F, 0x80, 0xBF, 0xC3, 0xE2, 0xFF]
    /// Bytes next to the marks' values that must not stop the scan: space, `!`, `#`, `[`, `]`,
    /// DEL (allowed raw in a JSON string), `~`.
    static let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x7E]

    private func reference(_ bytes: [UInt8], from: Int, to end: Int) -> Int {
        var i = from
        while i < end {
            let c = bytes[i]
            if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { return i }
            i += 1
        }
        return end
    }

    @Test func stopsAtTheFirstMarkedByteWhereverItIs() {
        for length in 0...70 {
            for from in 0...min(length, 19) {
                var bytes = (0..<length).map { Self.plain[$0 % Self.plain.count] }
                #expect(bytes.withUnsafeBytes { JSONLineScanner.plainEnd($0, from: from, to: length) } == length)
                for position in from..<length {
                    for mark in Self.marks {
                        let saved = bytes[position]
                        bytes[position] = mark
                        let found = bytes.withUnsafeBytes { JSONLineScanner.plainEnd($0, from: from, to: length) }
                        #expect(found == position, "length \(length), from \(from), mark \(mark) at \(position)")
                        bytes[position] = saved
                    }
                }
            }
        }
    }

    /// A mark just past `end` is not seen: the scan is bounded by the line, not the buffer.
    @Test func neverLooksPastTheEnd() {
        for end in 0...40 {
            var bytes = [UInt8](repeating: 0x61, count: 64)
            for k in end..<64 { bytes[k] = 0x22 }
            #expect(bytes.withUnsafeBytes { JSONLineScanner.plainEnd($0, from: 0, to: end) } == end)
        }
    }

    /// Lines that end exactly where readable memory ends, before a page that may not be read:
    /// a load past `end` would crash the test instead of passing unseen.
    @Test func neverReadsPastTheEndOfMemory() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapped = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else {
            Issue.record("mmap failed")
            return
        }
        defer { munmap(mapped, 2 * page) }
        #expect(mprotect(mapped + page, page, PROT_NONE) == 0)
        for end in 0...40 {
            let line = mapped + page - end
            line.initializeMemory(as: UInt8.self, repeating: 0x61, count: end)
            #expect(JSONLineScanner.plainEnd(UnsafeRawBufferPointer(start: line, count: end), from: 0, to: end) == end)
            if end > 0 {
                line.storeBytes(of: 0x22, toByteOffset: end - 1, as: UInt8.self)
                #expect(JSONLineScanner.plainEnd(UnsafeRawBufferPointer(start: line, count: end), from: 0, to: end) == end - 1)
            }
        }
    }

    /// Mixed text, against the byte-at-a-time reference from every start.
    @Test func agreesWithAByteAtATimeScan() {
        let text = Array(#"{"id":"01M8","display_name":"Zoë \"Z\" Kaur","ip":"10.1.2.3"}"#.utf8) + [0x0A] + Array("ünïcode plain ascii run of forty-one bytes....".utf8)
        for from in 0..<text.count {
            #expect(text.withUnsafeBytes { JSONLineScanner.plainEnd($0, from: from, to: text.count) } == reference(text, from: from, to: text.count))
        }
    }
}

import Testing
@testable import JoinAuditCore

/// The digest only answers first in the replay's tables, so what matters is that it tells ids
/// apart: every byte of an id, its length, and where one part of a key ends, change it.
@Suite struct IDDigestTests {
    /// Text made at run time, so that equal ids do not share their strings' storage.
    private static func fresh(_ text: String) -> String { String(text.reversed().reversed()) }

    @Test("equal ids have one digest, however their strings were made")
    func equalIDs() {
        for id in ["", "p", "p-1234567", "adb4456c-252b-4f83-9d72-773ebe5f9b1e", "Zoë 🎉 \u{0}\n"] {
            #expect(IDDigest.of(id) == IDDigest.of(Self.fresh(id)))
        }
    }

    @Test("changing any one byte of an id of 1 to 40 bytes changes its digest (whole words and the tail)")
    func everyByteCounts() {
        for length in 1...40 {
            let bytes = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            let digest = IDDigest.of(String(decoding: bytes, as: UTF8.self))
            for position in 0..<length {
                var changed = bytes
                changed[position] = UInt8(ascii: "0")
                #expect(IDDigest.of(String(decoding: changed, as: UTF8.self)) != digest, "length \(length), byte \(position)")
            }
        }
    }

    @Test("ids that differ only by trailing zero bytes, or by length, have different digests")
    func lengthCounts() {
        var seen: Set<UInt64> = []
        for length in 0...24 {
            seen.insert(IDDigest.of(String(repeating: "\u{0}", count: length)))
        }
        #expect(seen.count == 25)
    }

    @Test("a digest continued from another depends on where the first part ends")
    func partsAreSeparate() {
        #expect(IDDigest.of("bc", continuing: IDDigest.of("a")) != IDDigest.of("c", continuing: IDDigest.of("ab")))
        #expect(IDDigest.of("b", continuing: IDDigest.of("a")) != IDDigest.of("a", continuing: IDDigest.of("b")))
    }
}

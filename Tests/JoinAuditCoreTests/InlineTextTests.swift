import Testing
@testable import JoinAuditCore

/// Short text kept in the value, long text in a string: both read back byte for byte, and
/// equality is by bytes, whichever way a text was made.
@Suite struct InlineTextTests {
    @Test("text reads back as it was, at every length around the inline capacity",
          arguments: [0, 1, 15, 16, 30, 31, 32, 33, 64])
    func roundTrip(length: Int) {
        let text = String((0..<length).map { i in Character(Unicode.Scalar(UInt8(97 + i % 26))) })
        let inline = InlineText(text)
        #expect(inline.string == text)
        #expect(inline.utf8Count == length)
        #expect(inline.withUTF8 { Array($0) } == Array(text.utf8))
        let fromBytes = Array(text.utf8).withUnsafeBytes { InlineText(validUTF8: $0) }
        #expect(fromBytes == inline)
        #expect(fromBytes.hashValue == inline.hashValue)
    }

    @Test func multibyteTextAtTheEdge() {
        // 30 bytes of ASCII and a two-byte é: 32 bytes, one past the inline capacity.
        let long = String(repeating: "a", count: 30) + "é"
        let short = String(repeating: "a", count: 29) + "é"
        #expect(InlineText(long).string == long)
        #expect(InlineText(short).string == short)
        #expect(InlineText(short).utf8Count == 31)
        #expect(InlineText(long) != InlineText(short))
        #expect(InlineText("日本😀").string == "日本😀")
    }

    /// `String` calls a precomposed é equal to e and a combining accent; an id is opaque bytes.
    @Test func equalityIsByBytes() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(InlineText(composed) != InlineText(decomposed))
        let longComposed = String(repeating: "x", count: 40) + composed
        let longDecomposed = String(repeating: "x", count: 40) + decomposed
        #expect(InlineText(longComposed) != InlineText(longDecomposed))
        #expect(InlineText(longComposed) == InlineText(longComposed + ""))
        #expect(Set([InlineText("a"), InlineText("a"), InlineText("b")]).count == 2)
    }

    @Test func anEventSpellsItsInlineIDAndLoggedTime() {
        var event = Event(id: "01M82VR0ABSTT56W0000000001", ts: Timestamp(nanoseconds: 0), tsText: "1970-01-01T00:00:00.000Z",
                          tenantID: "t", meetingID: "m", body: .meetingEnded)
        #expect(event.id == "01M82VR0ABSTT56W0000000001")
        #expect(event.tsText == "1970-01-01T00:00:00.000Z")
        event.id = String(repeating: "i", count: 50)
        event.tsText = "1970-01-01T01:00:00.000000000+01:00"
        #expect(event.id == String(repeating: "i", count: 50))
        #expect(event.tsText == "1970-01-01T01:00:00.000000000+01:00")
        #expect(event.idText == InlineText(String(repeating: "i", count: 50)))
    }
}

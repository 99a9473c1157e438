import Foundation
import Testing

@testable import JoinAuditIO

/// The reader's table of recent ids: whatever it holds or forgets, the string it gives back
/// is exactly the bytes asked for.
@Suite struct IDInternerTests {
    private static func string(_ interner: IDInterner, _ text: String) -> String {
        Array(text.utf8).withUnsafeBytes { interner.string($0) }
    }

    @Test func anIdReadAgainIsTheSameText() {
        let interner = IDInterner()
        defer { interner.deallocate() }
        let first = Self.string(interner, "19:meeting_AHlEI1S0aO9WebYr4t9x8w@thread.v2")
        let again = Self.string(interner, "19:meeting_AHlEI1S0aO9WebYr4t9x8w@thread.v2")
        #expect(first == "19:meeting_AHlEI1S0aO9WebYr4t9x8w@thread.v2")
        #expect(again == first)
    }

    /// Two slots for many ids: most look-ups find another id in their slot, or one of the
    /// same hash slot but other bytes; each must still get its own text back.
    @Test func aSmallTableGivesEveryIdItsOwnText() {
        let interner = IDInterner(slots: 2, hashMask: 0b1)
        defer { interner.deallocate() }
        let ids = (0..<500).map { "p-\($0 % 37)-\(String(repeating: "x", count: $0 % 11))" } + ["", "é", "p-1-", "p-1-\u{0}"]
        for id in ids + ids.reversed() {
            #expect(Self.string(interner, id) == id)
        }
    }

    /// Every id on the same hash in a one-slot table: only the bytes tell them apart.
    @Test func bytesDecideNotTheHash() {
        let interner = IDInterner(slots: 1, hashMask: 0)
        defer { interner.deallocate() }
        #expect(Self.string(interner, "org-aaaa") == "org-aaaa")
        #expect(Self.string(interner, "org-aaab") == "org-aaab")
        #expect(Self.string(interner, "org-aaaa") == "org-aaaa")
    }

    /// An id longer than the table keeps is made afresh, with its own bytes.
    @Test func aLongIdIsNotKept() {
        let interner = IDInterner(slots: 1, hashMask: 0)
        defer { interner.deallocate() }
        let long = String(repeating: "m", count: IDInterner.longestID + 1)
        #expect(Self.string(interner, long) == long)
        #expect(Self.string(interner, "short") == "short")
        #expect(Self.string(interner, long + "x") == long + "x")
    }
}

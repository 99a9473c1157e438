import Testing

@testable import JoinAuditCore

/// A participant's key in the replay's tables: equal exactly when the ids' bytes are, and
/// equal keys hash alike, whatever the table's seed.
@Suite struct ParticipantKeyTests {
    @Test func keysAreEqualWhenTheirBytesAre() {
        #expect(ParticipantKey("8:teamsvisitor:5cef3941-a1ea-4bfc-b929-2941fc228f76") == ParticipantKey("8:teamsvisitor:5cef3941-a1ea-4bfc-b929-2941fc228f76"))
        #expect(ParticipantKey("p-1") != ParticipantKey("p-2"))
        #expect(ParticipantKey("abcdefgh1") != ParticipantKey("abcdefgh2"))
        #expect(ParticipantKey("abcdefghijklmnop") != ParticipantKey("abcdefghijklmnoq"))
        #expect(ParticipantKey("") == ParticipantKey(""))
        #expect(ParticipantKey("a") != ParticipantKey("a\u{0}"))
    }

    /// Swift's `String ==` calls these equal; their bytes differ, and so do they.
    @Test func canonicallyEquivalentIdsAreTwoParticipants() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(ParticipantKey(composed) != ParticipantKey(decomposed))
        let table: [ParticipantKey: Int] = [ParticipantKey(composed): 1, ParticipantKey(decomposed): 2]
        #expect(table.count == 2)
        #expect(table[ParticipantKey(composed)] == 1)
        #expect(table[ParticipantKey(decomposed)] == 2)
    }

    @Test func equalKeysHashAlike() {
        for id in ["", "x", "p-1234567", "19:meeting_AHlEI1S0aO9WebYr4t9x8w@thread.v2", "caf\u{E9}"] {
            let a = ParticipantKey(id), b = ParticipantKey(String(decoding: Array(id.utf8), as: UTF8.self))
            #expect(a == b)
            #expect(a.hashValue == b.hashValue)
            for seed in [0, 1, -7, 1 << 40] { #expect(a._rawHashValue(seed: seed) == b._rawHashValue(seed: seed)) }
        }
    }
}

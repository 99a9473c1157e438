import Testing

@testable import JoinAuditIO

/// The blocked Bloom filter: never forgets a key it was given, and a copy is a value of its
/// own, as its users (the re-delivery filter, the meeting archive) take it to be.
@Suite struct BlockedBloomFilterTests {
    private static func key(_ i: Int) -> EventIDFilter.Fingerprint { EventIDFilter.fingerprint("evt-\(i)") }

    @Test func everyInsertedKeyIsFound() {
        for bits in [0, 1, 511, 512, 513, 100_000] {
            var filter = BlockedBloomFilter(bits: bits)
            for i in 0..<2_000 { filter.insert(Self.key(i)) }
            #expect((0..<2_000).allSatisfy { filter.mayContain(Self.key($0)) }, "bits: \(bits)")
        }
    }

    @Test func aFilterWithRoomSaysNewKeysAreNew() {
        var filter = BlockedBloomFilter(bits: 1 << 20)
        var present = (0..<1_000).map { filter.insert(Self.key($0)) }
        #expect(!present.contains(true))
        present = [filter.insert(Self.key(7))]
        #expect(present == [true])
        let falseHits = (1_000..<11_000).filter { filter.mayContain(Self.key($0)) }.count
        #expect(falseHits < 10)
    }

    @Test func aCopyIsAValueOfItsOwn() {
        var original = BlockedBloomFilter(bits: 1 << 16)
        original.insert(Self.key(1))
        var copy = original
        copy.insert(Self.key(2))
        original.insert(Self.key(3))
        #expect(original.mayContain(Self.key(1)) && copy.mayContain(Self.key(1)))
        #expect(copy.mayContain(Self.key(2)) && !original.mayContain(Self.key(2)))
        #expect(original.mayContain(Self.key(3)) && !copy.mayContain(Self.key(3)))
    }
}

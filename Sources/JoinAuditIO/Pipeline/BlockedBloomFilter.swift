import CZlib

/// A Bloom filter over 128-bit fingerprints whose bits for one key all fall in one 64-byte
/// block, so a look-up is one cache miss instead of one per hash (the filters here are
/// megabytes, far beyond the cache). Used for event ids (`EventIDFilter`) and for the keys of
/// archived meetings (`SQLiteMeetingArchive`).
///
/// The blocks are allocated on a 64-byte boundary (`Words`): in an array, whose elements start
/// 32 bytes into its allocation, every block straddled two cache lines and a look-up missed
/// twice. Copies share the words until one of them inserts (copy on write), as an array's
/// would.
struct BlockedBloomFilter {
    private final class Words {
        let base: UnsafeMutablePointer<UInt64>
        let count: Int

        init(count: Int) {
            self.count = count
            base = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64).bindMemory(to: UInt64.self, capacity: count)
            base.initialize(repeating: 0, count: count)
        }

        init(copying other: Words) {
            count = other.count
            base = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64).bindMemory(to: UInt64.self, capacity: count)
            base.initialize(from: other.base, count: count)
        }

        deinit { base.deallocate() }
    }

    private var words: Words
    private let blockCount: UInt64
    private static let wordsPerBlock = 8
    private static let bitsPerKey = 8

    /// At least `bits` bits, in whole blocks.
    init(bits: Int) {
        let bitsPerBlock = 64 * Self.wordsPerBlock
        let count = max((bits + bitsPerBlock - 1) / bitsPerBlock, 1)
        words = Words(count: count * Self.wordsPerBlock)
        blockCount = UInt64(count)
    }

    /// Asks for the key's block to be brought into the cache, ahead of an `insert` or
    /// `mayContain` a few events later.
    func prefetch(_ key: EventIDFilter.Fingerprint) {
        joinaudit_prefetch(words.base + Self.base(of: key, blockCount: blockCount))
    }

    /// Sets the key's bits; true when all of them were set already (the key was probably
    /// inserted before).
    @discardableResult
    mutating func insert(_ key: EventIDFilter.Fingerprint) -> Bool {
        if !isKnownUniquelyReferenced(&words) { words = Words(copying: words) }
        let block = words.base + Self.base(of: key, blockCount: blockCount)
        var present = true
        Self.forEachBit(of: key) { word, flag in
            if block[word] & flag == 0 {
                present = false
                block[word] |= flag
            }
        }
        return present
    }

    /// False when the key was certainly never inserted.
    func mayContain(_ key: EventIDFilter.Fingerprint) -> Bool {
        let block = words.base + Self.base(of: key, blockCount: blockCount)
        var present = true
        Self.forEachBit(of: key) { word, flag in
            if block[word] & flag == 0 { present = false }
        }
        return present
    }

    /// The key's block: the high half of a 128-bit product spreads `high` over any count.
    @inline(__always)
    private static func base(of key: EventIDFilter.Fingerprint, blockCount: UInt64) -> Int {
        Int(key.high.multipliedFullWidth(by: blockCount).high) &* wordsPerBlock
    }

    /// Each of the key's bits as (word within the block, flag): 9 bits of `low` at a time
    /// choose one of the block's 512 bits.
    @inline(__always)
    private static func forEachBit(of key: EventIDFilter.Fingerprint, _ body: (Int, UInt64) -> Void) {
        var mix = key.low
        for _ in 0..<bitsPerKey {
            let bit = Int(mix & 511)
            body(bit >> 6, UInt64(1) << UInt64(bit & 63))
            mix = (mix >> 9) | (mix << 55)
        }
    }
}

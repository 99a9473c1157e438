import CZlib

/// A Bloom filter over 128-bit fingerprints whose bits for one key all fall in one 64-byte
/// block, so a look-up is one cache miss instead of one per hash (the filters here are
/// megabytes, far beyond the cache). Used for event ids (`EventIDFilter`) and for the keys of
/// archived meetings (`SQLiteMeetingArchive`).
///
/// The blocks start on a 64-byte boundary within the array (`firstBlock`): an array's
/// elements start 32 bytes into its allocation, so every block used to straddle two cache
/// lines, and a look-up missed twice.
struct BlockedBloomFilter {
    /// The blocks, after up to 7 words of padding that align the first.
    private var blocks: [UInt64]
    private let blockCount: UInt64
    private static let wordsPerBlock = 8
    private static let bitsPerKey = 8

    /// At least `bits` bits, in whole blocks.
    init(bits: Int) {
        let bitsPerBlock = 64 * Self.wordsPerBlock
        let count = max((bits + bitsPerBlock - 1) / bitsPerBlock, 1)
        blocks = Array(repeating: 0, count: count * Self.wordsPerBlock + Self.wordsPerBlock - 1)
        blockCount = UInt64(count)
    }

    /// Where the first block starts: the array's storage is not moved while the filter owns
    /// it alone, but this is asked on every access rather than assumed.
    @inline(__always)
    private static func firstBlock(_ words: UnsafePointer<UInt64>) -> Int {
        let misalignment = Int(bitPattern: UInt(bitPattern: words)) & 63
        return ((64 - misalignment) & 63) >> 3
    }

    /// Asks for the key's block to be brought into the cache, ahead of an `insert` or
    /// `mayContain` a few events later.
    func prefetch(_ key: EventIDFilter.Fingerprint) {
        let base = Self.base(of: key, blockCount: blockCount)
        blocks.withUnsafeBufferPointer { words in
            joinaudit_prefetch(words.baseAddress! + Self.firstBlock(words.baseAddress!) + base)
        }
    }

    /// Sets the key's bits; true when all of them were set already (the key was probably
    /// inserted before).
    @discardableResult
    mutating func insert(_ key: EventIDFilter.Fingerprint) -> Bool {
        var present = true
        var base = Self.base(of: key, blockCount: blockCount)
        blocks.withUnsafeMutableBufferPointer { words in
            base += Self.firstBlock(words.baseAddress!)
            Self.forEachBit(of: key) { word, flag in
                if words[base &+ word] & flag == 0 {
                    present = false
                    words[base &+ word] |= flag
                }
            }
        }
        return present
    }

    /// False when the key was certainly never inserted.
    func mayContain(_ key: EventIDFilter.Fingerprint) -> Bool {
        var present = true
        var base = Self.base(of: key, blockCount: blockCount)
        blocks.withUnsafeBufferPointer { words in
            base += Self.firstBlock(words.baseAddress!)
            Self.forEachBit(of: key) { word, flag in
                if words[base &+ word] & flag == 0 { present = false }
            }
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

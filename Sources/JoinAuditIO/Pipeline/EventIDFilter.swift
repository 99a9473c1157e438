/// Tells re-delivered events from new ones while reading, in memory that does not grow with
/// the day's size the way a set of every id would.
///
/// A Bloom filter answers "certainly new" for almost every event. The ids of the most recent
/// events are kept exactly, so a re-delivery of something recent (a shipper re-sending its last
/// batch) is recognised for sure. What is left, a filter hit not among the recent ids, is
/// *uncertain*: the event is treated as new and its id returned at the end, for an exact check
/// against the store.
struct EventIDFilter {
    private var bits: [UInt64]
    private let mask: UInt64
    private let hashes = 7
    /// The most recent ids, keyed by their hash (hashing a String again per look-up measured
    /// 8% of the reading thread); the slot holds the id itself, compared on a hit.
    private var recent: [UInt64: Int] = [:]
    private var recentSlots: [(id: String, hash: UInt64, seq: Int64)]
    private var recentNext = 0
    private(set) var uncertain: [String] = []

    enum Verdict: Equatable {
        case new
        /// Seen before, as the event with this `seq`.
        case repeated(firstSeq: Int64)
        /// Probably new; to be checked at the end.
        case uncertain
    }

    /// `expectedEvents` sizes the filter for about one false hit in a thousand or better.
    init(expectedEvents: Int, recentCapacity: Int = 65_536) {
        let wanted = max(expectedEvents, 1 << 16) * 16
        var size = 1 << 20
        while size < wanted && size < 1 << 30 { size <<= 1 }
        bits = Array(repeating: 0, count: size / 64)
        mask = UInt64(size - 1)
        recentSlots = Array(repeating: ("", 0, 0), count: recentCapacity)
        recent.reserveCapacity(recentCapacity)
    }

    mutating func check(_ id: String, seq: Int64) -> Verdict {
        let (h1, h2) = Self.hashes(id)
        var present = true
        for i in 0..<UInt64(hashes) {
            let bit = (h1 &+ i &* h2) & mask
            let word = Int(bit >> 6), flag = UInt64(1) << (bit & 63)
            if bits[word] & flag == 0 {
                present = false
                bits[word] |= flag
            }
        }
        if present, let slot = recent[h1], recentSlots[slot].id == id { return .repeated(firstSeq: recentSlots[slot].seq) }
        remember(id, hash: h1, seq: seq)
        if present {
            uncertain.append(id)
            return .uncertain
        }
        return .new
    }

    private mutating func remember(_ id: String, hash: UInt64, seq: Int64) {
        let evicted = recentSlots[recentNext]
        if !evicted.id.isEmpty, recent[evicted.hash] == recentNext { recent[evicted.hash] = nil }
        recentSlots[recentNext] = (id, hash, seq)
        recent[hash] = recentNext
        recentNext = (recentNext + 1) % recentSlots.count
    }

    /// Two independent 64-bit hashes of the id's bytes (FNV-1a and a multiply-xorshift mix),
    /// fixed across runs so a run is reproducible.
    private static func hashes(_ id: String) -> (UInt64, UInt64) {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x9E37_79B9_7F4A_7C15
        for byte in id.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD
            b ^= b >> 29
        }
        return (a, b | 1)
    }
}

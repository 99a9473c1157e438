/// Tells re-delivered events from new ones while reading, in memory that does not grow with
/// the day's size the way a set of every id would.
///
/// A Bloom filter answers "certainly new" for almost every event. The most recent ids are kept
/// exactly enough to be sure, so a re-delivery of something recent (a shipper re-sending its
/// last batch) is recognised at once. What is left, a filter hit not among the recent ids, is
/// *uncertain*: the event is treated as new, and the caller lists its id in the store for an
/// exact check at the end.
///
/// Memory is fixed when the filter is made: at most 8 MiB of filter (seven million events and
/// more) and half a MiB for the recent ids, whatever the day holds. Past seven million the
/// filter fills and more ids are uncertain: 114k of a 10M-event day against 3.7k with 16 MiB.
/// They cost a row each in a temporary table, not memory, and the check at the end scans the
/// events once either way.
struct EventIDFilter {
    private var seen: BlockedBloomFilter
    private var recent: RecentIDs
    /// How many ids were `.uncertain`; the ids themselves are the caller's to keep.
    private(set) var uncertainCount = 0

    enum Verdict: Equatable {
        case new
        /// Seen before, as the event with this `seq`.
        case repeated(firstSeq: Int64)
        /// Probably new; to be checked at the end.
        case uncertain
    }

    /// `expectedEvents` sizes the filter: 12 bits an event (under one false hit in two hundred
    /// when the estimate is right; the callers' estimates run high), but never more than 2^26
    /// bits (8 MiB), so memory stays put for the largest days.
    init(expectedEvents: Int, recentCapacity: Int = 16_384) {
        seen = BlockedBloomFilter(bits: min(max(expectedEvents, 1 << 16) * 12, 1 << 26))
        recent = RecentIDs(capacity: recentCapacity)
    }

    mutating func check(_ id: String, seq: Int64) -> Verdict {
        let fingerprint = Self.fingerprint(id)
        let present = seen.insert(fingerprint)
        if present, let first = recent.seq(of: fingerprint) { return .repeated(firstSeq: first) }
        recent.remember(fingerprint, seq: seq)
        if present {
            uncertainCount += 1
            return .uncertain
        }
        return .new
    }

    /// A 128-bit fingerprint of the id's bytes (FNV-1a and a multiply-xorshift mix, each
    /// finished with an avalanche step), fixed across runs so a run is reproducible. Two
    /// different ids share one with a chance of about 2^-128 per pair.
    static func fingerprint(_ id: String) -> Fingerprint {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x9E37_79B9_7F4A_7C15
        var id = id
        id.withUTF8 { bytes in
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                b = (b ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD
                b ^= b >> 29
            }
        }
        return Fingerprint(high: avalanche(a), low: avalanche(b ^ UInt64(truncatingIfNeeded: id.utf8.count)))
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        return x ^ (x >> 33)
    }

    struct Fingerprint: Equatable {
        var high: UInt64
        var low: UInt64
    }
}

/// The fingerprints of the most recent ids and the `seq` each was first stored as: a ring in
/// arrival order, indexed by an open-addressed table (linear probing, deletion by backward
/// shift), so nothing is allocated per event and nothing holds a `String`.
struct RecentIDs {
    private var ring: [(fingerprint: EventIDFilter.Fingerprint, seq: Int64)]
    private var ringUsed = 0
    private var ringNext = 0
    /// Ring positions + 1; 0 is an empty bucket.
    private var table: [Int32]
    private let tableMask: Int

    init(capacity: Int) {
        ring = Array(repeating: (EventIDFilter.Fingerprint(high: 0, low: 0), 0), count: capacity)
        var size = 1
        while size < capacity * 2 { size <<= 1 }
        table = Array(repeating: 0, count: size)
        tableMask = size - 1
    }

    func seq(of fingerprint: EventIDFilter.Fingerprint) -> Int64? {
        var bucket = Int(truncatingIfNeeded: fingerprint.high) & tableMask
        while table[bucket] != 0 {
            let entry = ring[Int(table[bucket]) - 1]
            if entry.fingerprint == fingerprint { return entry.seq }
            bucket = (bucket + 1) & tableMask
        }
        return nil
    }

    mutating func remember(_ fingerprint: EventIDFilter.Fingerprint, seq: Int64) {
        if ringUsed == ring.count { forget(ring[ringNext].fingerprint, at: ringNext) } else { ringUsed += 1 }
        ring[ringNext] = (fingerprint, seq)
        var bucket = Int(truncatingIfNeeded: fingerprint.high) & tableMask
        while table[bucket] != 0 { bucket = (bucket + 1) & tableMask }
        table[bucket] = Int32(ringNext + 1)
        ringNext = ringNext + 1 == ring.count ? 0 : ringNext + 1
    }

    /// Removes the table's entry for ring position `position`, closing the gap so later
    /// entries of the same probe run stay reachable.
    private mutating func forget(_ fingerprint: EventIDFilter.Fingerprint, at position: Int) {
        var bucket = Int(truncatingIfNeeded: fingerprint.high) & tableMask
        while table[bucket] != Int32(position + 1) {
            if table[bucket] == 0 { return }
            bucket = (bucket + 1) & tableMask
        }
        var hole = bucket
        var next = (hole + 1) & tableMask
        while table[next] != 0 {
            let home = Int(truncatingIfNeeded: ring[Int(table[next]) - 1].fingerprint.high) & tableMask
            // The entry at `next` may move into the hole unless its home lies in (hole, next].
            let distanceToNext = (next - home) & tableMask
            let distanceToHole = (hole - home) & tableMask
            if distanceToHole < distanceToNext {
                table[hole] = table[next]
                hole = next
            }
            next = (next + 1) & tableMask
        }
        table[hole] = 0
    }
}

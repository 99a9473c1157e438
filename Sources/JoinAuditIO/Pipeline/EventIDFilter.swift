import CZlib
import JoinAuditCore

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

    /// How a reading thread makes its filter (there, so the filter's megabytes have one owner
    /// and are never copied).
    struct Settings: Sendable {
        var expectedEvents: Int
        var recentIDs: Int
        /// Where the ledger of stored ids goes; nil for none (the store then checks the
        /// uncertain ids itself).
        var ledgerDirectory: String?

        func make() -> EventIDFilter {
            EventIDFilter(expectedEvents: expectedEvents, recentCapacity: recentIDs,
                          ledger: ledgerDirectory.flatMap { StoredIDLedger(directory: $0) })
        }
    }

    /// Where the uncertain ids are settled at the end (`settleUncertainIDs`); without one, the
    /// caller must keep them itself for the store's check.
    private let ledger: StoredIDLedger?

    /// `expectedEvents` sizes the filter: 12 bits an event (under one false hit in two hundred
    /// when the estimate is right; the callers' estimates run high), but never more than 2^26
    /// bits (8 MiB), so memory stays put for the largest days.
    init(expectedEvents: Int, recentCapacity: Int = 16_384, ledger: StoredIDLedger? = nil) {
        seen = BlockedBloomFilter(bits: min(max(expectedEvents, 1 << 16) * 12, 1 << 26))
        recent = RecentIDs(capacity: recentCapacity)
        self.ledger = ledger
    }

    /// True when the uncertain ids are settled by the filter's ledger, so the caller need not
    /// keep them.
    var settlesUncertainIDs: Bool { ledger != nil }

    /// Checks one event's id; `seq` is the one it is stored as unless it is a repeat (the
    /// caller's next `seq`, in order).
    mutating func check(_ id: String, seq: Int64) -> Verdict {
        check(fingerprint: Self.fingerprint(id), seq: seq)
    }

    /// An event's own id, as it holds it.
    mutating func check(_ id: InlineText, seq: Int64) -> Verdict {
        check(fingerprint: Self.fingerprint(of: id), seq: seq)
    }

    /// An event's id as the filter knows it, made ahead of `check(fingerprint:seq:)` so that
    /// `prefetch` can ask for its place in the tables first.
    static func fingerprint(of id: InlineText) -> Fingerprint {
        id.withUTF8 { fingerprint(bytes: $0) }
    }

    /// Brings the fingerprint's places in the filter and in the table of recent ids into the
    /// cache: both are far larger than it, and a check that waits for them costs more than
    /// the rest of it (perf: 13 % of the reading thread's samples at 1M events, in 2.6 % of
    /// its instructions). The reader asks a few events ahead (`PendingIDChecks`).
    ///
    /// `mutating` though it changes nothing: the reader's filter is a variable its line
    /// closure captures, and a method that is not copied the whole filter to run, retaining
    /// and releasing each of its tables (callgrind: four copies an event).
    mutating func prefetch(_ fingerprint: Fingerprint) {
        seen.prefetch(fingerprint)
        recent.prefetch(fingerprint)
    }

    mutating func check(fingerprint: Fingerprint, seq: Int64) -> Verdict {
        let present = seen.insert(fingerprint)
        if present, let first = recent.seq(of: fingerprint) { return .repeated(firstSeq: first) }
        recent.remember(fingerprint, seq: seq)
        ledger?.append(fingerprint.high, seq: seq, uncertain: present)
        if present {
            uncertainCount += 1
            return .uncertain
        }
        return .new
    }

    /// At the end of the input: the pairs of stored events that may share an id, for the
    /// caller to compare; nil when there is no ledger or it failed. The filter's own tables
    /// are let go first, so the ledger's look-up table takes their place in memory.
    mutating func settleUncertainIDs() -> [StoredIDLedger.Candidate]? {
        guard let ledger else { return nil }
        seen = BlockedBloomFilter(bits: 0)
        recent = RecentIDs(capacity: 1)
        if uncertainCount == 0 { return [] }
        return ledger.candidates()
    }

    /// Why the ledger could not settle the uncertain ids, when it could not.
    var ledgerFailure: String? { ledger?.failure }

    /// A 128-bit fingerprint of the id's bytes: two multiply-xorshift lanes over its 8-byte
    /// words (the last one zero-padded), the length mixed into both, each finished with an
    /// avalanche step. Fixed across runs, so a run is reproducible. Two different ids share
    /// one with a chance of about 2^-128 per pair. Word by word rather than byte by byte: a
    /// 36-byte id is five steps instead of thirty-six (callgrind: 430 → 150 instructions).
    static func fingerprint(_ id: String) -> Fingerprint {
        id.utf8Span.span.withUnsafeBytes { fingerprint(bytes: $0) }
    }

    static func fingerprint(bytes: UnsafeRawBufferPointer) -> Fingerprint {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x9E37_79B9_7F4A_7C15
        let count = bytes.count
        var at = 0
        while at + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            a = (a ^ word) &* 0xFF51_AFD7_ED55_8CCD
            a ^= a >> 29
            b = (b &+ word) &* 0xC4CE_B9FE_1A85_EC53
            b = (b << 31) | (b >> 33)
            at += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while at < count {
            tail |= UInt64(bytes[at]) << shift
            shift += 8
            at += 1
        }
        a = (a ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        a ^= a >> 29
        b = (b &+ tail) &* 0xC4CE_B9FE_1A85_EC53
        b = (b << 31) | (b >> 33)
        let length = UInt64(truncatingIfNeeded: count)
        return Fingerprint(high: avalanche(a ^ length), low: avalanche(b ^ (length &* 0x9E37_79B9_7F4A_7C15)))
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
///
/// Each table entry carries the low half of its fingerprint's `high` word beside its ring
/// position, so probing and the backward shift read the table alone; reading the ring for
/// every entry they passed was a cache miss each (perf: `forget` alone was 3 % of the reading
/// thread's samples at 1M events).
struct RecentIDs {
    private var ring: [(fingerprint: EventIDFilter.Fingerprint, seq: Int64)]
    private var ringUsed = 0
    private var ringNext = 0
    /// `tag << 32 | (ring position + 1)`; 0 is an empty bucket.
    private var table: [UInt64]
    private let tableMask: Int

    /// How many ids ahead `remember` asks for the bucket of the id it will forget.
    private static let forgetAhead = 8

    init(capacity: Int) {
        ring = Array(repeating: (EventIDFilter.Fingerprint(high: 0, low: 0), 0), count: capacity)
        var size = 1
        while size < capacity * 2 { size <<= 1 }
        table = Array(repeating: 0, count: size)
        tableMask = size - 1
    }

    @inline(__always)
    private static func tag(_ fingerprint: EventIDFilter.Fingerprint) -> UInt64 {
        fingerprint.high & 0xFFFF_FFFF
    }

    /// Where an entry with this tag belongs: tables are smaller than 2^32 buckets.
    @inline(__always)
    private func home(ofTag tag: UInt64) -> Int {
        Int(truncatingIfNeeded: tag) & tableMask
    }

    /// Asks for the fingerprint's home bucket, which `remember` will write (or `forget` clear).
    func prefetch(_ fingerprint: EventIDFilter.Fingerprint) {
        let bucket = home(ofTag: Self.tag(fingerprint))
        table.withUnsafeBufferPointer { joinaudit_prefetch($0.baseAddress! + bucket) }
    }

    func seq(of fingerprint: EventIDFilter.Fingerprint) -> Int64? {
        let tag = Self.tag(fingerprint)
        var bucket = home(ofTag: tag)
        while table[bucket] != 0 {
            let entry = table[bucket]
            if entry >> 32 == tag {
                let held = ring[Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1]
                if held.fingerprint == fingerprint { return held.seq }
            }
            bucket = (bucket + 1) & tableMask
        }
        return nil
    }

    mutating func remember(_ fingerprint: EventIDFilter.Fingerprint, seq: Int64) {
        if ringUsed == ring.count {
            // The id forgotten a few events from now: its bucket is asked for ahead, as the
            // new ones' are (`EventIDFilter.prefetch`).
            prefetch(ring[(ringNext + Self.forgetAhead) % ring.count].fingerprint)
            forget(ring[ringNext].fingerprint, at: ringNext)
        } else {
            ringUsed += 1
        }
        ring[ringNext] = (fingerprint, seq)
        let tag = Self.tag(fingerprint)
        var bucket = home(ofTag: tag)
        while table[bucket] != 0 { bucket = (bucket + 1) & tableMask }
        table[bucket] = tag << 32 | UInt64(ringNext + 1)
        ringNext = ringNext + 1 == ring.count ? 0 : ringNext + 1
    }

    /// Removes the table's entry for ring position `position`, closing the gap so later
    /// entries of the same probe run stay reachable.
    private mutating func forget(_ fingerprint: EventIDFilter.Fingerprint, at position: Int) {
        let wanted = Self.tag(fingerprint) << 32 | UInt64(position + 1)
        var bucket = home(ofTag: Self.tag(fingerprint))
        while table[bucket] != wanted {
            if table[bucket] == 0 { return }
            bucket = (bucket + 1) & tableMask
        }
        var hole = bucket
        var next = (hole + 1) & tableMask
        while table[next] != 0 {
            let home = home(ofTag: table[next] >> 32)
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

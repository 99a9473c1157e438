import Foundation

/// Settles the re-delivery filter's uncertain ids at the end of a load without reading the
/// stored events back.
///
/// Every stored event's id fingerprint (8 bytes, in `seq` order, its lowest bit marking the
/// events the filter was unsure of) is appended to an unlinked temporary file. At the end the
/// file is read back, and an uncertain fingerprint met twice names two stored events that may
/// share an id, by their `seq`s. The caller compares those two ids in the store (two
/// row look-ups), so the answer is exact: a fingerprint is only a way to find the candidates.
///
/// Before, the check was a join of every stored event against the uncertain ids at the end,
/// alone on one core: 0.2 s of a 1M-event day's 3.3 s, and a scan of 2.4 GB at 10M. The file
/// is 8 MB at 1M events. While reading, the ledger holds a 64 KiB buffer and nothing per
/// event; at the end, about 10 bytes per uncertain id (114k of them on a 10M-event day, where
/// the Bloom filter is full), in memory the filter has just let go of.
final class StoredIDLedger {
    private let descriptor: Int32
    /// Raw memory rather than an array: appending to a class's array property is checked for
    /// exclusive access every time (callgrind: 65 instructions an event).
    private let buffer: UnsafeMutablePointer<UInt64>
    private var buffered = 0
    private static let bufferCapacity = 8_192
    /// The `seq` of the first fingerprint: the n-th one written belongs to `firstSeq + n`.
    private var firstSeq: Int64?
    private var written = 0
    private var uncertainCount = 0
    /// The first write or read that failed; the ledger can then settle nothing.
    private(set) var failure: String?

    /// Two stored events whose ids may be the same: the first stored, and a later one the
    /// filter was unsure of.
    struct Candidate: Equatable, Sendable {
        var firstSeq: Int64
        var laterSeq: Int64
    }

    /// A ledger in `directory`, or nil when no file can be made there.
    convenience init?(directory: String = NSTemporaryDirectory()) {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("joinaudit-ids-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        // Unlinked at once: the file goes away with the process, however it ends.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.init(adopting: fd)
    }

    /// A ledger in a file already open, which it closes: how tests give it one that fails.
    init(adopting descriptor: Int32) {
        self.descriptor = descriptor
        buffer = .allocate(capacity: Self.bufferCapacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Notes one stored event, in `seq` order; `uncertain` when the filter could not tell.
    func append(_ fingerprint: UInt64, seq: Int64, uncertain: Bool) {
        if firstSeq == nil { firstSeq = seq }
        precondition(seq == firstSeq! + Int64(written + buffered), "ledger entries must follow seq order")
        buffer[buffered] = fingerprint & ~1 | (uncertain ? 1 : 0)
        buffered += 1
        if uncertain { uncertainCount += 1 }
        if buffered == Self.bufferCapacity { flush() }
    }

    /// The pairs of stored events that may share an id: for each uncertain fingerprint seen
    /// more than once, its first two events. Nil when the file failed (`failure` says how), so
    /// nothing is known.
    func candidates() -> [Candidate]? {
        flush()
        guard failure == nil else { return nil }
        guard uncertainCount > 0, let firstSeq else { return [] }
        // The uncertain fingerprints, without their mark, sorted and made unique in place.
        var keys: [UInt64] = []
        keys.reserveCapacity(uncertainCount)
        guard readBack({ entry, _ in if entry & 1 == 1 { keys.append(entry & ~1) } }) else { return nil }
        keys.sort()
        var unique = 0
        for at in keys.indices where unique == 0 || keys[unique - 1] != keys[at] {
            keys[unique] = keys[at]
            unique += 1
        }
        keys.removeLast(keys.count - unique)
        let index = BucketIndex(sortedKeys: keys)
        // First pass: how often each key is met, up to twice. Second pass, only when some key
        // was met twice (rare: a far repeat, or two ids sharing 64 bits): where. Two passes
        // over a file in the page cache cost less memory than noting every first position.
        var met = [UInt8](repeating: 0, count: keys.count)
        var repeated = 0
        let passed = readBack { entry, _ in
            guard let slot = index.slot(of: entry & ~1, in: keys), met[slot] < 2 else { return }
            met[slot] += 1
            if met[slot] == 2 { repeated += 1 }
        }
        guard passed else { return nil }
        guard repeated > 0 else { return [] }
        var first: [Int: Int] = [:]
        var found: [Candidate] = []
        let passedAgain = readBack { entry, position in
            guard let slot = index.slot(of: entry & ~1, in: keys), met[slot] == 2 else { return }
            if let earlier = first[slot] {
                found.append(Candidate(firstSeq: firstSeq + Int64(earlier), laterSeq: firstSeq + Int64(position)))
                // Reported once: the first pair is what the caller compares.
                met[slot] = 0
            } else {
                first[slot] = position
            }
        }
        return passedAgain ? found.sorted { $0.laterSeq < $1.laterSeq } : nil
    }

    /// Reads the file from the start, calling `body` with each fingerprint and its position;
    /// false (and `failure` set) when a read fails.
    private func readBack(_ body: (UInt64, Int) -> Void) -> Bool {
        var chunk = [UInt64](repeating: 0, count: Self.bufferCapacity)
        var position = 0
        while position < written {
            let count = min(Self.bufferCapacity, written - position)
            let wanted = count * MemoryLayout<UInt64>.size
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, wanted, off_t(position * MemoryLayout<UInt64>.size)) }
            guard read == wanted else {
                failure = read < 0 ? String(cString: strerror(errno)) : "the file ended early"
                return false
            }
            for offset in 0..<count { body(chunk[offset], position + offset) }
            position += count
        }
        return true
    }

    private func flush() {
        guard buffered > 0 else { return }
        if failure == nil {
            let wanted = buffered * MemoryLayout<UInt64>.size
            let bytes = UnsafeRawPointer(buffer)
            var done = 0
            while done < wanted {
                let n = pwrite(descriptor, bytes + done, wanted - done, off_t(written * MemoryLayout<UInt64>.size + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            if done < wanted { failure = String(cString: strerror(errno)) }
        }
        written += buffered
        buffered = 0
    }

    /// Where a key may be in a sorted array: its top bits choose a bucket of about four keys,
    /// so a look-up is a short scan instead of a binary search of 17 steps, and the index
    /// takes about one byte a key.
    private struct BucketIndex {
        let shift: UInt64
        let starts: [Int32]

        init(sortedKeys keys: [UInt64]) {
            var bits: UInt64 = 1
            while (4 << bits) < keys.count { bits += 1 }
            shift = 64 - bits
            var starts = [Int32](repeating: 0, count: (1 << Int(bits)) + 1)
            for key in keys { starts[Int(key >> shift) + 1] += 1 }
            for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
            self.starts = starts
        }

        @inline(__always)
        func slot(of key: UInt64, in keys: [UInt64]) -> Int? {
            let bucket = Int(key >> shift)
            var at = Int(starts[bucket])
            let end = Int(starts[bucket + 1])
            while at < end {
                if keys[at] == key { return at }
                at += 1
            }
            return nil
        }
    }
}

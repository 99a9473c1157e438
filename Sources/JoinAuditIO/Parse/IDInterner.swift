import Foundation
import JoinAuditCore

/// The ids a reading thread made lately, by a hash of their bytes, so that an id read again
/// (the day's one tenant, a meeting's id on each of its events, a participant's on their
/// lobby, leave and app events) comes back as the string already made: no allocation on the
/// reading thread, no free on the writing one, and on the judging thread two ids compared
/// for a table look-up are one string, which Swift's `==` settles without reading the bytes.
///
/// A fixed table that forgets on collision, so its memory is bounded: at most `slots`
/// strings of at most `longestID` bytes are held (4,096 × 128 bytes: half a MiB at worst; a
/// longer id, which only a damaged or hostile log has, is made afresh as before). One per
/// reading thread: it is not `Sendable`.
///
/// A plain value over memory it allocates, which its owner frees (`deallocate()`): copied
/// into each line's fields, a class reference was retained and released 3.5 times a line.
struct IDInterner {
    private let hashes: UnsafeMutablePointer<UInt64>
    private let strings: UnsafeMutablePointer<String>
    private let mask: Int
    /// All ones; tests clear it, so that every id lands on the same hash and only the bytes
    /// can tell them apart.
    private let hashMask: UInt64
    static let longestID = 128

    init(slots: Int = 4_096, hashMask: UInt64 = .max) {
        self.hashMask = hashMask
        var size = 1
        while size < slots { size <<= 1 }
        mask = size - 1
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
        strings = .allocate(capacity: size)
        strings.initialize(repeating: "", count: size)
    }

    /// Frees the table; no copy of this interner may be used afterwards.
    func deallocate() {
        strings.deinitialize(count: mask + 1)
        strings.deallocate()
        hashes.deallocate()
    }

    /// The string of `bytes`, which are valid UTF-8: the one made before when it is still
    /// held, else a new one, which takes its slot.
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count <= Self.longestID else { return String(decoding: bytes, as: UTF8.self) }
        let hash = IDDigest.of(bytes) & hashMask
        let slot = Int(truncatingIfNeeded: hash) & mask
        if hashes[slot] == hash {
            let held = strings[slot]
            let same = held.utf8Span.span.withUnsafeBytes { heldBytes in
                heldBytes.count == bytes.count && (bytes.count == 0 || memcmp(heldBytes.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
            if same { return held }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        hashes[slot] = hash
        strings[slot] = made
        return made
    }
}

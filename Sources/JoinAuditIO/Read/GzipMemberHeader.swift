import Glibc

/// Reads a gzip member's header (RFC 1952 §2.3) a chunk at a time, so that the deflate
/// decoder is handed exactly the bytes after it. The damage it reports is what zlib reports,
/// with the same message at the same offset (after the two bytes that were wrong), so logs read
/// before and after the decoder changed describe a damaged header the same way.
///
/// The header's own CRC-16 (flag FHCRC) is skipped, not checked, as zlib skips it when asked
/// not to validate: a wrong one costs nothing that the member's CRC-32 would not catch.
struct GzipMemberHeader {
    enum Step: Equatable {
        /// The chunk ended inside the header.
        case needsMore
        /// The header ends just before this position in the chunk.
        case complete(at: Int)
        /// Not a gzip header: the damage is noticed just before this position in the chunk.
        case damaged(at: Int, message: String)
    }

    private enum Part {
        /// The ten fixed bytes: magic, method, flags, time, extra flags, system.
        case fixed
        /// FEXTRA's two length bytes, then that many bytes.
        case extraLength
        case extra
        /// FNAME and FCOMMENT, each up to and including a zero byte.
        case name
        case comment
        /// FHCRC's two bytes.
        case headerCRC
        case done
    }

    private var part = Part.fixed
    /// Bytes of the current part seen so far.
    private var seen = 0
    private var first: UInt8 = 0
    private var flags: UInt8 = 0
    /// Bytes of FEXTRA's data still to skip; its length's low byte while that is read.
    private var remaining = 0

    private static let flagHeaderCRC: UInt8 = 0x02
    private static let flagExtra: UInt8 = 0x04
    private static let flagName: UInt8 = 0x08
    private static let flagComment: UInt8 = 0x10
    private static let reservedFlags: UInt8 = 0xe0
    private static let optionalParts: [(Part, UInt8)] = [
        (.extraLength, flagExtra), (.name, flagName), (.comment, flagComment), (.headerCRC, flagHeaderCRC),
    ]

    /// Reads header bytes from `base[position..<count]`.
    mutating func read(_ base: UnsafeRawPointer, count: Int, from position: Int) -> Step {
        var at = position
        while true {
            switch part {
            case .fixed:
                while seen < 10 {
                    guard at < count else { return .needsMore }
                    let byte = base.load(fromByteOffset: at, as: UInt8.self)
                    at += 1
                    seen += 1
                    switch seen {
                    case 1:
                        first = byte
                    case 2:
                        if first != 0x1f || byte != 0x8b { return .damaged(at: at, message: "incorrect header check") }
                    case 3:
                        first = byte  // the method, checked with the flags as zlib does
                    case 4:
                        if first != 8 { return .damaged(at: at, message: "unknown compression method") }
                        if byte & Self.reservedFlags != 0 { return .damaged(at: at, message: "unknown header flags set") }
                        flags = byte
                    default:
                        break
                    }
                }
                advance(after: .fixed)
            case .extraLength:
                while seen < 2 {
                    guard at < count else { return .needsMore }
                    let byte = Int(base.load(fromByteOffset: at, as: UInt8.self))
                    at += 1
                    seen += 1
                    remaining = seen == 1 ? byte : remaining | byte << 8
                }
                part = .extra
            case .extra:
                let taken = min(remaining, count - at)
                at += taken
                remaining -= taken
                guard remaining == 0 else { return .needsMore }
                advance(after: .extra)
            case .name, .comment:
                guard at < count else { return .needsMore }
                guard let zero = memchr(base + at, 0, count - at) else { return .needsMore }
                at = UnsafeRawPointer(zero) - base + 1
                advance(after: part)
            case .headerCRC:
                let taken = min(2 - seen, count - at)
                at += taken
                seen += taken
                guard seen == 2 else { return .needsMore }
                part = .done
            case .done:
                return .complete(at: at)
            }
        }
    }

    /// The optional part that follows `finished`, in the order RFC 1952 lays them out.
    private mutating func advance(after finished: Part) {
        seen = 0
        let start: Int
        switch finished {
        case .fixed: start = 0
        case .extra: start = 1
        case .name: start = 2
        case .comment: start = 3
        default: start = 4
        }
        for (next, flag) in Self.optionalParts[start...] where flags & flag != 0 {
            part = next
            return
        }
        part = .done
    }
}

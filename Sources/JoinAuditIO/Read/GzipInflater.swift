import CIsal
import Glibc

/// What the inflater hands on: decompressed bytes, or a cut where damage broke the text
/// (whatever partial line came before a cut must be thrown away).
enum GzipOutput {
    /// Decompressed bytes, valid only during the call that receives them.
    case bytes(UnsafeRawBufferPointer)
    /// The text is broken here: a damaged member, or the end of a truncated stream.
    case cut
}

/// Decompresses a gzip stream pushed to it in chunks. The gzip wrapper is read here (the
/// header by `GzipMemberHeader`, the CRC-32 and length trailer by `checkTrailer`); the deflate
/// data between them is decoded by ISA-L (`CIsal/shim.h`), about twice as fast as zlib here.
/// The only code in the package that touches the decoder's pointers.
///
/// Log rotation writes several gzip members one after another, so after a member's end the
/// inflater starts the next (zero padding after the last member is tolerated). Damage does
/// not stop it: a corrupt member is reported once, then the inflater scans for the next
/// member header (1f 8b 08, flags without reserved bits) and goes on, so one bad block costs
/// the lines around it, not the rest of the day. Only the first damage is kept.
final class GzipInflater {
    /// Damage in the stream, located by offset in the compressed bytes.
    struct Damage: Equatable {
        var kind: ReadDamage.Kind
        var offset: Int
        var message: String?
    }

    /// The decoder could not work at all (out of memory, no progress): not the data's fault.
    struct Failure: Error, Equatable {
        var offset: Int
        var message: String
    }

    private enum State {
        /// Before the first member or after one ended: skip zero padding, then start one.
        case betweenMembers
        /// Reading a member's header.
        case header
        /// Decoding a member's deflate data.
        case deflate
        /// The deflate data has ended; the trailer ends at this offset in the compressed bytes,
        /// beyond the input so far.
        case trailer(endingAt: Int)
        /// After damage: looking for the next member header.
        case scanning
    }

    private let decoder: UnsafeMutableRawPointer
    /// Where the decoder writes: never smaller than its own buffer, so that when it finds
    /// damage, everything it decoded before reaches the sink.
    private let output: UnsafeMutableRawBufferPointer
    /// The most handed to the sink at once.
    private let pieceSize: Int
    private var state = State.betweenMembers
    private var header = GzipMemberHeader()
    /// Compressed offset of the member being inflated, where a rescan resumes after damage.
    private var memberStart = 0
    /// Compressed bytes pushed so far.
    private(set) var consumed = 0
    /// Members started, including any begun after a resynchronisation.
    private(set) var members = 0
    private(set) var firstDamage: Damage?
    /// The member's CRC-32 and length (mod 2^32) so far, checked against its trailer
    /// (`GzipChecksum`).
    private var memberCRC: UInt32 = 0
    private var memberLength: UInt32 = 0
    /// The last 8 compressed bytes before the current chunk, newest in the low byte: where a
    /// trailer that began in an earlier chunk is read from.
    private var recentInput: UInt64 = 0

    /// - Parameter outputCapacity: bytes inflated per decoder call. Measured with zlib on a
    ///   1M-line day: 256 KiB and 1 MiB read it in the same 0.6–0.7 s, 64 KiB in 0.8 s.
    init(outputCapacity: Int = 256 * 1024) throws(Failure) {
        precondition(outputCapacity > 0 && outputCapacity <= Int(UInt32.max))
        guard let decoder = joinaudit_inflater_new() else {
            throw Failure(offset: 0, message: "cannot allocate the deflate decoder")
        }
        self.decoder = decoder
        pieceSize = outputCapacity
        output = .allocate(byteCount: max(outputCapacity, Int(joinaudit_inflater_buffered_output)), alignment: 16)
    }

    deinit {
        joinaudit_inflater_free(decoder)
        output.deallocate()
    }

    /// Inflates the next chunk of compressed input, handing every decompressed run (and any
    /// cut) to `sink` before returning.
    func inflate(_ input: UnsafeRawBufferPointer, into sink: (GzipOutput) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        let chunkStart = consumed
        let count = input.count
        var position = 0
        while position < count {
            switch state {
            case .betweenMembers:
                while position < count, base.load(fromByteOffset: position, as: UInt8.self) == 0 {
                    position += 1
                }
                if position < count { startMember(at: chunkStart + position) }
            case .scanning:
                if let found = Self.memberHeader(in: base, count: count, from: position) {
                    position = found
                    startMember(at: chunkStart + position)
                } else {
                    position = count
                }
            case .header:
                switch header.read(base, count: count, from: position) {
                case .needsMore:
                    position = count
                case .complete(let end):
                    joinaudit_inflater_reset(decoder)
                    state = .deflate
                    position = end
                case .damaged(let end, let message):
                    position = try damaged(at: chunkStart + end, message: message, chunkStart: chunkStart, sink)
                }
            case .deflate:
                position = try inflateMember(base, count: count, from: position, chunkStart: chunkStart, sink)
            case .trailer(let end):
                position = end <= chunkStart + count ? try endMember(base, trailerEnd: end, chunkStart: chunkStart, sink) : count
            }
        }
        consumed = chunkStart + count
        for k in max(count - 8, 0)..<count {
            recentInput = recentInput << 8 | UInt64(base.load(fromByteOffset: k, as: UInt8.self))
        }
    }

    /// Ends the stream: input that stopped inside a member is a truncation. Returns the
    /// first damage of the whole stream, if any.
    func finish(into sink: (GzipOutput) throws -> Void) rethrows -> Damage? {
        switch state {
        case .header, .deflate, .trailer:
            record(Damage(kind: .truncated, offset: consumed))
            state = .betweenMembers
            try sink(.cut)
        case .betweenMembers, .scanning:
            break
        }
        return firstDamage
    }

    private func startMember(at offset: Int) {
        header = GzipMemberHeader()
        memberStart = offset
        members += 1
        memberCRC = 0
        memberLength = 0
        state = .header
    }

    private func record(_ damage: Damage) {
        if firstDamage == nil { firstDamage = damage }
    }

    /// Records corruption found at `offset`, cuts the text, and returns where the rescan for
    /// the next member starts in this chunk: just after the damaged member's first byte, since
    /// a damaged length can make the decoder read on into the next member before it notices.
    private func damaged(
        at offset: Int, message: String, chunkStart: Int, _ sink: (GzipOutput) throws -> Void
    ) throws -> Int {
        record(Damage(kind: .corrupt, offset: offset, message: message))
        try sink(.cut)
        state = .scanning
        return max(memberStart + 1 - chunkStart, 0)
    }

    /// Runs the deflate decoder over `base[from..<count]` until the input is used up, the
    /// member's deflate data ends, or it is found corrupt. Returns where the caller's loop
    /// goes on.
    private func inflateMember(
        _ base: UnsafeRawPointer, count: Int, from start: Int, chunkStart: Int,
        _ sink: (GzipOutput) throws -> Void
    ) throws -> Int {
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let capacity = UInt32(output.count)
        var position = start
        while true {
            let input = (base + position).assumingMemoryBound(to: UInt8.self)
            let step = joinaudit_inflate(decoder, input, UInt32(count - position), out, capacity)
            position += Int(step.consumed)
            if step.produced > 0 {
                let bytes = UnsafeRawBufferPointer(start: output.baseAddress, count: Int(step.produced))
                memberCRC = GzipChecksum.crc32(memberCRC, bytes)
                memberLength &+= step.produced
                var piece = 0
                while piece < bytes.count {
                    let end = min(piece + pieceSize, bytes.count)
                    try sink(.bytes(UnsafeRawBufferPointer(rebasing: bytes[piece..<end])))
                    piece = end
                }
            }
            // Where decoding stands: the bytes in the decoder's bit buffer are not yet used.
            let reached = chunkStart + position - Int(step.held)
            if step.status < 0 {
                // Reported just after the byte whose bits were found wrong.
                let at = min(max(reached, memberStart + 1), chunkStart + count)
                return try damaged(at: at, message: Self.message(for: step.status), chunkStart: chunkStart, sink)
            }
            if step.finished != 0 {
                let trailerEnd = reached + 8
                guard trailerEnd <= chunkStart + count else {
                    state = .trailer(endingAt: trailerEnd)
                    return count
                }
                return try endMember(base, trailerEnd: trailerEnd, chunkStart: chunkStart, sink)
            }
            if step.produced == capacity { continue }  // a full buffer may hide more output
            if position == count { return count }
            if step.consumed == 0 && step.produced == 0 {
                throw Failure(offset: chunkStart + position, message: "the deflate decoder stopped with input left")
            }
        }
    }

    /// Checks the trailer that ends at compressed offset `trailerEnd` (within this chunk), and
    /// returns where the next member may start in this chunk.
    private func endMember(
        _ base: UnsafeRawPointer, trailerEnd: Int, chunkStart: Int, _ sink: (GzipOutput) throws -> Void
    ) throws -> Int {
        let end = trailerEnd - chunkStart
        if let mismatch = checkTrailer(base, endingAt: end) {
            // After the CRC for a wrong CRC, after the length for a wrong length.
            return try damaged(at: trailerEnd - mismatch.bytesBeforeEnd, message: mismatch.message, chunkStart: chunkStart, sink)
        }
        state = .betweenMembers
        return end
    }

    private static func message(for status: Int32) -> String {
        switch status {
        case JOINAUDIT_INFLATE_INVALID_BLOCK: "invalid deflate block"
        case JOINAUDIT_INFLATE_INVALID_SYMBOL: "invalid deflate code"
        case JOINAUDIT_INFLATE_INVALID_LOOKBACK: "invalid distance too far back"
        default: "invalid deflate data (\(status))"
        }
    }

    /// Compares the member's CRC-32 and length with its trailer, the 8 bytes before `end` in
    /// this chunk (those before the chunk come from `recentInput`). Nil when both agree.
    private func checkTrailer(_ base: UnsafeRawPointer, endingAt end: Int) -> (message: String, bytesBeforeEnd: Int)? {
        // The last 8 bytes up to `end`, in stream order (the first in the high byte).
        var trailer = recentInput
        for k in max(end - 8, 0)..<end {
            trailer = trailer << 8 | UInt64(base.load(fromByteOffset: k, as: UInt8.self))
        }
        // Two little-endian fields: the CRC-32, then the length mod 2^32 (ISIZE).
        let crc = UInt32(truncatingIfNeeded: trailer >> 32).byteSwapped
        let length = UInt32(truncatingIfNeeded: trailer).byteSwapped
        if crc != memberCRC { return ("incorrect data check", 4) }
        if length != memberLength { return ("incorrect length check", 0) }
        return nil
    }

    /// The offset of the next plausible gzip member header at or after `from`: 1f 8b,
    /// method 8 (deflate), and a flags byte with its reserved bits clear. Bytes beyond the
    /// chunk are not checked; a false start is caught by the header or the decoder, and scanning goes on.
    static func memberHeader(in base: UnsafeRawPointer, count: Int, from: Int) -> Int? {
        var position = from
        while position < count {
            guard let hit = memchr(base + position, 0x1f, count - position) else { return nil }
            let candidate = UnsafeRawPointer(hit) - base
            @inline(__always) func byte(_ k: Int) -> UInt8? {
                candidate + k < count ? base.load(fromByteOffset: candidate + k, as: UInt8.self) : nil
            }
            if (byte(1) ?? 0x8b) == 0x8b, (byte(2) ?? 8) == 8, (byte(3) ?? 0) & 0xe0 == 0 {
                return candidate
            }
            position = candidate + 1
        }
        return nil
    }
}

/// A participant id as the replay's tables of people and of the lobby key it.
///
/// The tables hash it with `IDDigest` instead of Swift's `Hasher`: SipHash over a 36- to
/// 60-byte id was about 300 instructions a look-up, and a join request looks a participant
/// up two or three times (callgrind, 100k-event `analyze`: `String.hash(into:)` was 9 % of
/// the judging thread). The digest only chooses the bucket; equality is the id's bytes.
///
/// Byte for byte, not Swift's `String ==`, which also equates canonically equivalent text
/// ("\u{E9}" and "e\u{301}"): ids are opaque, SQLite compares them by their bytes too, and a
/// hash of the bytes must agree with equality (`Hashable`). So two spellings of one accented
/// id are two participants, as they are two meetings in `MeetingKey` (docs/decisions.md).
public struct ParticipantKey: Hashable, Sendable {
    public let id: String

    public init(_ id: String) {
        self.id = id
    }

    public static func == (lhs: ParticipantKey, rhs: ParticipantKey) -> Bool {
        IDDigest.sameBytes(lhs.id, rhs.id)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(IDDigest.of(id))
    }

    /// What `Dictionary` and `Set` ask for: the digest mixed with the table's seed, with no
    /// `Hasher` in between. Equal keys give equal values, as `Hashable` requires.
    public func _rawHashValue(seed: Int) -> Int {
        IDDigest.tableHash(IDDigest.of(id), seed: seed)
    }
}

/// A participant id as the replay's tables of people and of the lobby key it.
///
/// The tables hash it with `IDDigest` instead of Swift's `Hasher`: SipHash over a 36- to
/// 60-byte id was about 300 instructions a look-up, and a join request looks a participant
/// up two or three times (callgrind, 100k-event `analyze`: `String.hash(into:)` was 9 % of
/// the judging thread). Equality is still the id's text, byte for byte: the digest only
/// chooses the bucket.
public struct ParticipantKey: Hashable, Sendable {
    public let id: String

    public init(_ id: String) {
        self.id = id
    }

    public static func == (lhs: ParticipantKey, rhs: ParticipantKey) -> Bool {
        lhs.id == rhs.id
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

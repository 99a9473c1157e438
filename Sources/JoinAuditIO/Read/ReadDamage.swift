/// Damage found inside a compressed input: the stream ends early, or its bytes do not
/// decompress. Reading does not stop for it: every good line before (and, after a corrupt
/// member, after) the damage is delivered, and the damage is kept here for the caller to
/// report once the file is finished (exit status 2).
public struct ReadDamage: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The input ended inside a gzip member (a partly written or cut-off file).
        case truncated
        /// zlib rejected the data (bad header, bad code, wrong checksum or length).
        case corrupt
    }

    public var path: String
    public var kind: Kind
    /// Offset in the stored (compressed) bytes where the damage was noticed: for a truncated
    /// stream its length, for corrupt data how far zlib had read when it gave up.
    public var offset: Int
    /// zlib's own message for corrupt data ("invalid block type"), nil for truncation.
    public var message: String?

    public init(path: String, kind: Kind, offset: Int, message: String? = nil) {
        self.path = path
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String {
        switch kind {
        case .truncated:
            "\(ReadError.displayName(path)): gzip stream truncated at byte \(offset)"
        case .corrupt:
            "\(ReadError.displayName(path)): gzip stream corrupt at byte \(offset)"
                + (message.map { " (\($0))" } ?? "")
        }
    }
}

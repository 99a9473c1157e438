/// What reading one input found, for the run's manifest and for the caller's exit status:
/// sizes, line counts, the stored bytes' fingerprint and any damage.
public struct ReadSummary: Sendable, Equatable {
    /// The path as given (`-` for standard input).
    public var path: String
    /// The input started with the gzip magic bytes (1f 8b).
    public var isGzip: Bool
    /// Bytes read as stored: the file's size when it was read to the end.
    public var compressedBytes: Int
    /// Bytes of text after decompression (equal to `compressedBytes` for plain text).
    public var decompressedBytes: Int
    /// Lines numbered, blank ones included: the last line's number.
    public var lines: Int
    /// Lines that were empty or only spaces and tabs, counted but not delivered.
    public var blankLines: Int
    /// Lines delivered as oversized.
    public var oversizedLines: Int
    /// gzip members that began (0 for plain text).
    public var gzipMembers: Int
    /// SHA-256 of the stored bytes, lowercase hex: identifies the exact file a finding
    /// came from, whether or not it was compressed.
    public var sha256: String
    /// The first damage found in a gzip stream, nil when it decompressed cleanly.
    public var damage: ReadDamage?

    public init(
        path: String, isGzip: Bool, compressedBytes: Int, decompressedBytes: Int, lines: Int,
        blankLines: Int, oversizedLines: Int, gzipMembers: Int, sha256: String, damage: ReadDamage?
    ) {
        self.path = path
        self.isGzip = isGzip
        self.compressedBytes = compressedBytes
        self.decompressedBytes = decompressedBytes
        self.lines = lines
        self.blankLines = blankLines
        self.oversizedLines = oversizedLines
        self.gzipMembers = gzipMembers
        self.sha256 = sha256
        self.damage = damage
    }
}

import JoinAuditCore

/// The replay's meeting archive on disk: a private temporary SQLite database (deleted when
/// closed) with a small page cache, so a day of any length replays in the same memory
/// (docs/performance.md, memory as the day grows).
///
/// A meeting's facts are appended to `facts`, never written in place, and `place` says which
/// row holds each meeting's latest, keyed by a 64-bit digest of its ids. Kept by the meeting's
/// ids, each archiving was an insert at a random place in a file many times its page cache: a
/// page read and, later, a page written back, for most of the day's 67,000 archivings (1M
/// events), a quarter of the judging thread. Appends fill one page after another, and the
/// table of places is small enough to stay in the cache. Rows a meeting's later archiving
/// supersedes stay in the file until it is closed (about 190 bytes each).
///
/// Most meetings are new when first seen; a Bloom filter of the keys in the file answers those
/// without touching SQLite. Used by the judging thread alone.
///
/// SQLite failing here must not lose a meeting: what cannot be written (a full temporary disk)
/// is kept in memory instead; what cannot be read back is kept in `failure`, which the caller
/// must report, because the meeting's facts are then missing from its judgement.
public final class SQLiteMeetingArchive: MeetingArchive, @unchecked Sendable {
    private let database: SQLiteDatabase
    private let append: SQLiteStatement
    private let point: SQLiteStatement
    private let get: SQLiteStatement
    private let drop: SQLiteStatement
    private var keys: BlockedBloomFilter
    private var lastRow: Int64 = 0
    /// Meetings the file could not take: it failed, or another meeting's digest holds their
    /// place (about one pair in 2^64; the digest is seeded per run, so none can be prepared).
    private var inMemory: [MeetingKey: [UInt8]] = [:]
    private var encoded: [UInt8] = []
    public private(set) var failure: StoreError?
    public private(set) var kept = 0
    public private(set) var recalled = 0

    /// `cacheKibibytes` bounds SQLite's page cache; the rest of the archive lives in the file.
    public init(cacheKibibytes: Int = 1024) throws {
        // An empty path is SQLite's private temporary database: on disk, deleted on close.
        database = try SQLiteDatabase(path: "")
        try database.execute("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -\(cacheKibibytes);
            CREATE TABLE facts (
                tenant_id  TEXT NOT NULL,
                meeting_id TEXT NOT NULL,
                facts      BLOB NOT NULL
            );
            CREATE TABLE place (
                digest INTEGER PRIMARY KEY,
                check_digest INTEGER NOT NULL,
                facts_row INTEGER NOT NULL
            );
            BEGIN;
            """)
        append = try database.prepare("INSERT INTO facts (rowid, tenant_id, meeting_id, facts) VALUES (?1, ?2, ?3, ?4)", persistent: true)
        // A place held by another meeting (same digest, another check) is left alone: `changes`
        // is then 0.
        point = try database.prepare("""
            INSERT INTO place (digest, check_digest, facts_row) VALUES (?1, ?2, ?3)
            ON CONFLICT (digest) DO UPDATE SET facts_row = excluded.facts_row WHERE check_digest = excluded.check_digest
            """, persistent: true)
        get = try database.prepare("""
            SELECT facts.tenant_id, facts.meeting_id, facts.facts FROM place JOIN facts ON facts.rowid = place.facts_row
            WHERE place.digest = ?1 AND place.check_digest = ?2
            """, persistent: true)
        drop = try database.prepare("DELETE FROM place WHERE digest = ?1 AND check_digest = ?2", persistent: true)
        // 2^23 bits (1 MiB): about one false hit in a thousand at 500,000 archived meetings.
        keys = BlockedBloomFilter(bits: 1 << 23)
    }

    public func keep(_ meeting: DormantMeeting, for key: MeetingKey) {
        DormantMeetingCoding.encode(meeting, into: &encoded)
        kept += 1
        let fingerprint = Self.fingerprint(key)
        lastRow += 1
        do {
            append.bind(lastRow, at: 1)
            append.bind(key.tenantID, at: 2)
            append.bind(key.meetingID, at: 3)
            encoded.withUnsafeBytes { append.bind(bytes: $0, at: 4) }
            defer { append.clearBindings() }
            try append.run()
            Self.bindPlace(of: key, fingerprint, to: point)
            point.bind(lastRow, at: 3)
            try point.run()
            guard database.changes == 1 else {
                inMemory[key] = encoded
                return
            }
            inMemory[key] = nil
            keys.insert(fingerprint)
        } catch {
            inMemory[key] = encoded
        }
    }

    public func forget(_ key: MeetingKey) {
        inMemory[key] = nil
        // Most meetings let go of were never archived: the filter spares the statement.
        let fingerprint = Self.fingerprint(key)
        guard keys.mayContain(fingerprint) else { return }
        Self.bindPlace(of: key, fingerprint, to: drop)
        do {
            try drop.run()
        } catch let error as StoreError {
            // A place left behind would be recalled as if the meeting had not ended.
            failure = failure ?? error
        } catch {}
    }

    public func recall(_ key: MeetingKey) -> DormantMeeting? {
        if let bytes = inMemory[key] { return decoded(bytes, key: key) }
        let fingerprint = Self.fingerprint(key)
        guard keys.mayContain(fingerprint) else { return nil }
        Self.bindPlace(of: key, fingerprint, to: get)
        defer { get.reset() }
        do {
            guard try get.step() else { return nil }
            // Both digests alike for two meetings (about one pair in 2^128) would hand one the
            // other's facts: the ids are compared, and a mismatch is reported, never used.
            guard get.string(at: 0) == key.tenantID, get.string(at: 1) == key.meetingID, let bytes = get.blob(at: 2) else {
                failure = failure ?? database.record(.unreadableRow(path: "(meeting archive)", table: "facts", key: 0,
                                                                    column: "meeting_id", value: key.meetingID))
                return nil
            }
            return decoded(bytes, key: key)
        } catch let error as StoreError {
            failure = failure ?? error
            return nil
        } catch {
            return nil
        }
    }

    private func decoded(_ bytes: [UInt8], key: MeetingKey) -> DormantMeeting? {
        guard let meeting = bytes.withUnsafeBytes(DormantMeetingCoding.decode) else {
            failure = failure ?? database.record(.unreadableRow(path: "(meeting archive)", table: "facts", key: 0,
                                                                column: "facts", value: key.meetingID))
            return nil
        }
        recalled += 1
        return meeting
    }

    /// The meeting key as one fingerprint: its two parts' fingerprints, crossed.
    private static func fingerprint(_ key: MeetingKey) -> EventIDFilter.Fingerprint {
        let meeting = EventIDFilter.fingerprint(key.meetingID), tenant = EventIDFilter.fingerprint(key.tenantID)
        return EventIDFilter.Fingerprint(high: meeting.high ^ tenant.low, low: meeting.low ^ tenant.high)
    }

    /// A meeting's place: the run's digest of its ids (`?1`) and, as a check, half of their
    /// fingerprint (`?2`), whose other use is the Bloom filter.
    private static func bindPlace(of key: MeetingKey, _ fingerprint: EventIDFilter.Fingerprint, to statement: SQLiteStatement) {
        statement.bind(Int64(key.runDigest), at: 1)
        statement.bind(Int64(bitPattern: fingerprint.high), at: 2)
    }
}

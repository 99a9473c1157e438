import JoinAuditCore

/// The replay's meeting archive on disk: a private temporary SQLite database (deleted when
/// closed) with a small page cache, so a day of any length replays in the same memory
/// (docs/performance.md, memory as the day grows).
///
/// Most meetings are new when first seen; a Bloom filter of the archived keys answers those
/// without touching SQLite. Used by the judging thread alone.
///
/// SQLite failing here must not lose a meeting: what cannot be written (a full temporary disk)
/// is kept in memory instead; what cannot be read back is kept in `failure`, which the caller
/// must report, because the meeting's facts are then missing from its judgement.
public final class SQLiteMeetingArchive: MeetingArchive, @unchecked Sendable {
    private let database: SQLiteDatabase
    private let put: SQLiteStatement
    private let get: SQLiteStatement
    private let drop: SQLiteStatement
    private var keys: BlockedBloomFilter
    private var encoded: [UInt8] = []
    private var unwritten: [MeetingKey: DormantMeeting] = [:]
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
            CREATE TABLE dormant (
                tenant_id  TEXT NOT NULL,
                meeting_id TEXT NOT NULL,
                facts      BLOB NOT NULL,
                PRIMARY KEY (tenant_id, meeting_id)
            ) WITHOUT ROWID;
            BEGIN;
            """)
        put = try database.prepare("INSERT OR REPLACE INTO dormant (tenant_id, meeting_id, facts) VALUES (?1, ?2, ?3)", persistent: true)
        get = try database.prepare("SELECT facts FROM dormant WHERE tenant_id = ?1 AND meeting_id = ?2", persistent: true)
        drop = try database.prepare("DELETE FROM dormant WHERE tenant_id = ?1 AND meeting_id = ?2", persistent: true)
        // 2^23 bits (1 MiB): about one false hit in a thousand at 500,000 archived meetings.
        keys = BlockedBloomFilter(bits: 1 << 23)
    }

    public func keep(_ meeting: DormantMeeting, for key: MeetingKey) {
        DormantMeetingCoding.encode(meeting, into: &encoded)
        put.bind(key.tenantID, at: 1)
        put.bind(key.meetingID, at: 2)
        encoded.withUnsafeBytes { put.bind(bytes: $0, at: 3) }
        do {
            try put.run()
            unwritten[key] = nil
            mark(key)
            kept += 1
        } catch {
            unwritten[key] = meeting
        }
        put.clearBindings()
    }

    public func forget(_ key: MeetingKey) {
        unwritten[key] = nil
        // Most meetings let go of were never archived: the filter spares the statement.
        guard mayHold(key) else { return }
        drop.bind(key.tenantID, at: 1)
        drop.bind(key.meetingID, at: 2)
        do {
            try drop.run()
        } catch let error as StoreError {
            // A row left behind would be recalled as if the meeting had not ended.
            failure = failure ?? error
        } catch {}
        drop.clearBindings()
    }

    public func recall(_ key: MeetingKey) -> DormantMeeting? {
        if let meeting = unwritten[key] { return meeting }
        guard mayHold(key) else { return nil }
        get.bind(key.tenantID, at: 1)
        get.bind(key.meetingID, at: 2)
        defer {
            get.reset()
            get.clearBindings()
        }
        do {
            guard try get.step() else { return nil }
            guard let bytes = get.blob(at: 0), let meeting = bytes.withUnsafeBytes(DormantMeetingCoding.decode) else {
                failure = failure ?? database.record(.unreadableRow(path: "(meeting archive)", table: "dormant", key: 0,
                                                                    column: "facts", value: key.meetingID))
                return nil
            }
            recalled += 1
            return meeting
        } catch let error as StoreError {
            failure = failure ?? error
            return nil
        } catch {
            return nil
        }
    }

    /// The meeting key as one fingerprint: its two parts' fingerprints, crossed.
    private static func fingerprint(_ key: MeetingKey) -> EventIDFilter.Fingerprint {
        let meeting = EventIDFilter.fingerprint(key.meetingID), tenant = EventIDFilter.fingerprint(key.tenantID)
        return EventIDFilter.Fingerprint(high: meeting.high ^ tenant.low, low: meeting.low ^ tenant.high)
    }

    private func mark(_ key: MeetingKey) { keys.insert(Self.fingerprint(key)) }

    private func mayHold(_ key: MeetingKey) -> Bool { keys.mayContain(Self.fingerprint(key)) }
}

/// The database schema, in one place: connection pragmas, numbered migrations, and the
/// secondary indexes that a load drops and rebuilds. docs/schema.md explains every table.
///
/// Migrations run in order from the file's `PRAGMA user_version` to ``version``, each in its own
/// transaction that also sets `user_version`, so a file is always at exactly one version. A
/// migration, once released, is never edited: a change is a new migration appended to the list.
///
/// Tables are `STRICT` (SQLite 3.37+): a value of the wrong type is refused rather than stored.
/// Foreign keys are declared for the reader and left unenforced (`PRAGMA foreign_keys` off), so
/// the event insert path does not pay a lookup per row.
public enum Schema {
    struct Migration {
        let version: Int
        let summary: String
        let sql: String
    }

    /// The schema version this build writes and reads.
    public static var version: Int { migrations.last?.version ?? 0 }

    /// Per-connection settings. WAL lets a `query` read while an `ingest` writes; `NORMAL`
    /// synchronous is safe with WAL (a power cut may lose the last commits, never corrupt);
    /// the cache is 64 MiB (negative = KiB), and as much for temporary tables (finding 1M
    /// re-deliveries took 2.7 s with the default 2 MiB, 2.2 s with 64 MiB); the WAL is
    /// truncated back to 64 MiB after a checkpoint, because a one-file transaction can grow
    /// it to the size of the load. A new file gets 16 KiB pages (an existing one keeps its
    /// own): `analyze` of 1M events went from 4.97 to 4.57 s, as fewer, fuller pages are
    /// written.
    static let connectionPragmas = """
        PRAGMA page_size = 16384;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA cache_size = -65536;
        PRAGMA temp.cache_size = -65536;
        PRAGMA journal_size_limit = 67108864;
        """

    /// The indexes on `events` that exist between loads, in the order `finishLoad()` builds
    /// them (`events_by_id` first: de-duplication uses it). SQLite appends the rowid, which is
    /// `seq`, to every index key, so `events_by_id` is ordered by (`id`, `seq`) and
    /// `events_by_time` by (`ts_ns`, `seq`): exactly replay order, with no sort.
    ///
    /// Only what the analyzer itself needs. Built on 1M rows (release, 2 cores): `events_by_id`
    /// 1.5 s (random keys), `events_by_time` 0.3 s (logs arrive nearly in time order). An index
    /// on (`meeting_id`, `ts_ns`) would cost another 1.3 s per million rows on every load for
    /// hunts that scan 1M rows in about 0.15 s without it.
    static let eventIndexes: [(name: String, sql: String)] = [
        ("events_by_id", "CREATE INDEX IF NOT EXISTS events_by_id ON events (id)"),
        ("events_by_time", "CREATE INDEX IF NOT EXISTS events_by_time ON events (ts_ns)"),
    ]

    static let migrations: [Migration] = [
        Migration(version: 1, summary: "files, events, bad lines, re-deliveries, findings, data quality, runs", sql: """
            CREATE TABLE files (
                file_id       INTEGER PRIMARY KEY,
                path          TEXT NOT NULL,
                input_kind    TEXT NOT NULL,
                size_bytes    INTEGER,
                sha256        TEXT,
                lines         INTEGER NOT NULL DEFAULT 0,
                events        INTEGER NOT NULL DEFAULT 0,
                bad_lines     INTEGER NOT NULL DEFAULT 0,
                redeliveries  INTEGER NOT NULL DEFAULT 0,
                status        TEXT NOT NULL DEFAULT 'reading' CHECK (status IN ('reading', 'complete', 'damaged')),
                damage        TEXT,
                started_at    TEXT NOT NULL,
                finished_at   TEXT,
                seconds       REAL
            ) STRICT;

            CREATE TABLE events (
                seq                 INTEGER PRIMARY KEY,
                file_id             INTEGER NOT NULL REFERENCES files (file_id),
                line                INTEGER NOT NULL,
                id                  TEXT NOT NULL,
                v                   INTEGER NOT NULL,
                ts                  TEXT NOT NULL,
                ts_ns               INTEGER NOT NULL,
                type                TEXT NOT NULL,
                tenant_id           TEXT NOT NULL,
                meeting_id          TEXT NOT NULL,
                organizer_id        TEXT,
                origin              TEXT NOT NULL,
                participant_id      TEXT,
                display_name        TEXT,
                identity            TEXT,
                home_tenant_id      TEXT,
                trust               TEXT,
                external_access     INTEGER,
                role                TEXT,
                invited             INTEGER,
                client              TEXT,
                client_ip           TEXT,
                outcome             TEXT,
                actor_id            TEXT,
                scheduled_start     TEXT,
                scheduled_start_ns  INTEGER,
                scheduled_end       TEXT,
                scheduled_end_ns    INTEGER,
                auto_admitted_users TEXT,
                pstn_bypass_lobby   INTEGER,
                app_id              TEXT,
                action              TEXT
            ) STRICT;

            CREATE TABLE bad_lines (
                file_id  INTEGER NOT NULL REFERENCES files (file_id),
                line     INTEGER NOT NULL,
                field    TEXT,
                reason   TEXT NOT NULL,
                raw      ANY NOT NULL
            ) STRICT;

            CREATE TABLE redeliveries (
                event_id   TEXT NOT NULL,
                file_id    INTEGER NOT NULL REFERENCES files (file_id),
                line       INTEGER NOT NULL,
                first_seq  INTEGER NOT NULL REFERENCES events (seq)
            ) STRICT;

            CREATE TABLE findings (
                kind                     TEXT NOT NULL,
                rule                     TEXT NOT NULL,
                severity                 TEXT NOT NULL,
                severity_rank            INTEGER NOT NULL,
                event_seq                INTEGER NOT NULL REFERENCES events (seq),
                event_id                 TEXT NOT NULL,
                ts                       TEXT NOT NULL,
                ts_ns                    INTEGER NOT NULL,
                tenant_id                TEXT NOT NULL,
                meeting_id               TEXT NOT NULL,
                organizer_id             TEXT,
                policy                   TEXT NOT NULL,
                participant_id           TEXT,
                identity                 TEXT,
                logged_identity          TEXT,
                client                   TEXT,
                expected                 TEXT,
                actual                   TEXT,
                reason                   TEXT NOT NULL,
                file_id                  INTEGER NOT NULL REFERENCES files (file_id),
                line                     INTEGER NOT NULL,
                actor_id                 TEXT,
                app_id                   TEXT,
                action                   TEXT,
                client_ip                TEXT,
                display_name             TEXT,
                unverified_seconds       REAL,
                unverified_participants  INTEGER,
                outside_schedule         INTEGER,
                unverified_ended_by      TEXT,
                UNIQUE (kind, event_id)
            ) STRICT;

            CREATE TABLE data_quality (
                kind            TEXT NOT NULL,
                event_seq       INTEGER NOT NULL REFERENCES events (seq),
                event_id        TEXT NOT NULL,
                meeting_id      TEXT NOT NULL,
                participant_id  TEXT,
                detail          TEXT NOT NULL
            ) STRICT;

            CREATE TABLE runs (
                run_id         INTEGER PRIMARY KEY,
                command        TEXT NOT NULL,
                started_at     TEXT NOT NULL,
                finished_at    TEXT,
                policy_files   TEXT,
                files          INTEGER,
                events         INTEGER,
                bad_lines      INTEGER,
                redeliveries   INTEGER,
                findings       INTEGER,
                data_quality   INTEGER,
                exit_status    INTEGER
            ) STRICT;

            -- One row while a load is under way: the first seq it stored. finishLoad() checks
            -- rows from there on for re-deliveries; a load that died keeps its row, so the next
            -- finishLoad() still checks what it stored.
            CREATE TABLE pending_load (
                first_seq  INTEGER NOT NULL
            ) STRICT;

            CREATE VIEW events_readable AS
            SELECT strftime('%Y-%m-%dT%H:%M:%fZ', e.ts_ns / 1000000000.0, 'unixepoch') AS utc,
                   e.*,
                   f.path AS file
            FROM events AS e LEFT JOIN files AS f ON f.file_id = e.file_id;
            """),
        Migration(version: 2, summary: "the policy files each run judged by, kept whole", sql: """
            -- A report or an explain made days later must show the policy the findings were
            -- judged by, even if the file has changed or gone since: each run keeps the text.
            CREATE TABLE run_policies (
                run_id     INTEGER NOT NULL REFERENCES runs (run_id),
                position   INTEGER NOT NULL,
                path       TEXT NOT NULL,
                sha256     TEXT NOT NULL,
                content    TEXT NOT NULL,
                PRIMARY KEY (run_id, position)
            ) STRICT;
            """),
        // A re-run after a kill must know which committed files belong to the load that died,
        // so that it does not read them again (docs/reliability.md, "Crash safety").
        Migration(version: 3, summary: "pending_load remembers the first file of the load", sql: """
            ALTER TABLE pending_load ADD COLUMN first_file_id INTEGER;
            """),
        // Findings are read in event order by every report, and `analyze` prints them so after
        // its load. Without an index that read sorted whole rows (33 MB for a 1M-event day's
        // 55k findings) through temporary files; the judge writes them nearly in this order,
        // so keeping the index costs little (docs/performance.md).
        Migration(version: 4, summary: "findings in event order", sql: """
            CREATE INDEX findings_by_event ON findings (ts_ns, event_seq, kind);
            """),
    ]

    /// Applies the pragmas and brings the file to ``version``, creating it if empty.
    static func prepare(_ database: SQLiteDatabase) throws {
        try database.execute(connectionPragmas)
        try migrate(database)
    }

    static func migrate(_ database: SQLiteDatabase) throws {
        let found = try userVersion(database)
        guard found <= version else {
            throw database.record(.schemaTooNew(path: database.path, found: found, supported: version))
        }
        for migration in migrations where migration.version > found {
            try database.transaction {
                try database.execute(migration.sql)
                if migration.version == 1 {
                    for index in eventIndexes { try database.execute(index.sql) }
                }
                // PRAGMA takes no bound parameters; the version is our own integer.
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    static func userVersion(_ database: SQLiteDatabase) throws -> Int {
        let statement = try database.prepare("PRAGMA user_version")
        return try statement.step() ? statement.int(at: 0) : 0
    }
}

import Foundation
import JoinAuditCore

extension ReportSummary {
    /// Rows kept for the long lists (organizers, meetings, addresses); the full lists are a
    /// query away (queries/).
    public static let topRows = 10
    /// Unverified sessions listed; `findings` still counts them all.
    public static let listedSessions = 500

    /// Reads the summary of the stored day. Every count is one `GROUP BY` over `findings` or
    /// `events`; nothing here holds more than a few hundred rows, whatever the size of the day.
    public static func load(from store: EventStore, generatedAt: String? = nil) throws -> ReportSummary {
        let db = store.database
        let (events, meetings, first, last) = try eventSpan(db)
        var bySeverity = try tallies(db, "SELECT severity, count(*) FROM findings GROUP BY severity ORDER BY max(severity_rank) DESC")
        bySeverity.sort { (Severity(rawValue: $0.label)?.rank ?? -1) > (Severity(rawValue: $1.label)?.rank ?? -1) }
        return ReportSummary(
            databasePath: store.path,
            generatedAt: generatedAt ?? StoreClock.now().description,
            judgingRun: try store.latestJudgingRun(),
            files: try files(db),
            events: events, meetings: meetings, firstEvent: first, lastEvent: last,
            findings: try store.findingCount(),
            byKind: try tallies(db, "SELECT kind, count(*) AS n FROM findings GROUP BY kind ORDER BY n DESC, kind"),
            bySeverity: bySeverity,
            byRule: try tallies(db, "SELECT rule, count(*) AS n FROM findings GROUP BY rule ORDER BY n DESC, rule"),
            byOrganizer: try tallies(db, "SELECT organizer_id, count(*) AS n FROM findings GROUP BY organizer_id ORDER BY n DESC, organizer_id LIMIT \(topRows)"),
            byIdentity: try tallies(db, "SELECT coalesce(identity, '(none)'), count(*) AS n FROM findings GROUP BY identity ORDER BY n DESC, identity"),
            byClient: try tallies(db, "SELECT coalesce(client, '(none)'), count(*) AS n FROM findings GROUP BY client ORDER BY n DESC, client"),
            byPolicy: try tallies(db, "SELECT policy, count(*) AS n FROM findings GROUP BY policy ORDER BY n DESC, policy"),
            byHour: try hours(db),
            topMeetings: try topMeetings(db),
            anonymousJoinsByClient: try tallies(db, """
                SELECT client, count(*) AS n FROM events
                WHERE type = 'join_request' AND \(anonymousCondition)
                GROUP BY client ORDER BY n DESC, client
                """),
            unverifiedSessions: try unverifiedSessions(db),
            blockedSources: try blockedSources(db),
            dataQuality: DataQualitySummary(
                badLines: try store.badLineCount(), redeliveries: try store.redeliveryCount(),
                problems: try tallies(db, "SELECT kind, count(*) AS n FROM data_quality GROUP BY kind ORDER BY n DESC, kind"),
                damagedFiles: try files(db).filter { $0.damage != nil }))
    }

    /// Who counts as anonymous among logged join requests (semantics.md §1): anonymous as
    /// logged, and external people without mutual trust or without external access.
    public static let anonymousCondition =
        "(identity = 'anonymous' OR (identity = 'external' AND (external_access = 0 OR trust IS NOT 'mutual')))"

    private static func tallies(_ db: SQLiteDatabase, _ sql: String) throws -> [Tally] {
        let s = try db.prepare(sql)
        var rows: [Tally] = []
        while try s.step() { rows.append(Tally(s.string(at: 0) ?? "(none)", s.int(at: 1))) }
        return rows
    }

    private static func eventSpan(_ db: SQLiteDatabase) throws -> (Int, Int, String?, String?) {
        let s = try db.prepare("SELECT count(*), count(DISTINCT meeting_id), min(ts_ns), max(ts_ns) FROM events")
        _ = try s.step()
        return (s.int(at: 0), s.int(at: 1), s.optionalInt64(at: 2).map(utc), s.optionalInt64(at: 3).map(utc))
    }

    static func utc(_ ns: Int64) -> String { Timestamp(nanoseconds: ns).description }

    private static func files(_ db: SQLiteDatabase) throws -> [FileSummary] {
        let s = try db.prepare("SELECT path, input_kind, status, events, bad_lines, redeliveries, damage FROM files ORDER BY file_id")
        var rows: [FileSummary] = []
        while try s.step() {
            rows.append(FileSummary(path: s.string(at: 0) ?? "", kind: s.string(at: 1) ?? "", status: s.string(at: 2) ?? "",
                                    events: s.int(at: 3), badLines: s.int(at: 4), redeliveries: s.int(at: 5), damage: s.string(at: 6)))
        }
        return rows
    }

    private static func hours(_ db: SQLiteDatabase) throws -> [HourTally] {
        let s = try db.prepare("""
            SELECT strftime('%Y-%m-%dT%H', ts_ns / 1000000000, 'unixepoch') AS hour, severity, count(*)
            FROM findings GROUP BY hour, severity ORDER BY hour
            """)
        var counts: [String: [Severity: Int]] = [:]
        while try s.step() {
            guard let severity = Severity(rawValue: s.string(at: 1) ?? "") else { continue }
            counts[s.string(at: 0) ?? "?", default: [:]][severity] = s.int(at: 2)
        }
        // Every hour the log covers, quiet ones too (at most a week of them): a gap in the
        // chart must mean "no findings", not "no bar drawn".
        let span = try db.prepare("""
            WITH RECURSIVE hours(h) AS (
                SELECT min(ts_ns) / 3600000000000 FROM events
                UNION ALL
                SELECT h + 1 FROM hours
                WHERE h < (SELECT max(ts_ns) / 3600000000000 FROM events)
                  AND h < (SELECT min(ts_ns) / 3600000000000 FROM events) + 24 * 7 - 1
            )
            SELECT strftime('%Y-%m-%dT%H', h * 3600, 'unixepoch') FROM hours WHERE h IS NOT NULL
            """)
        var rows: [HourTally] = []
        while try span.step() {
            let hour = span.string(at: 0) ?? "?"
            rows.append(HourTally(hour: hour, bySeverity: counts.removeValue(forKey: hour) ?? [:]))
        }
        // Findings outside the covered week, if any, still show.
        for (hour, bySeverity) in counts.sorted(by: { $0.key < $1.key }) { rows.append(HourTally(hour: hour, bySeverity: bySeverity)) }
        return rows.contains { $0.total > 0 } ? rows.sorted { $0.hour < $1.hour } : []
    }

    private static func topMeetings(_ db: SQLiteDatabase) throws -> [MeetingTally] {
        let s = try db.prepare("""
            SELECT meeting_id, organizer_id, count(*) AS n, max(severity_rank) FROM findings
            GROUP BY meeting_id, organizer_id ORDER BY n DESC, meeting_id LIMIT \(topRows)
            """)
        var rows: [MeetingTally] = []
        while try s.step() {
            let worst = Severity.allCases.first { $0.rank == s.int(at: 3) } ?? .info
            rows.append(MeetingTally(meetingID: s.string(at: 0) ?? "", organizerID: s.string(at: 1) ?? "", findings: s.int(at: 2), worst: worst))
        }
        return rows
    }

    private static func unverifiedSessions(_ db: SQLiteDatabase) throws -> [UnverifiedSession] {
        let s = try db.prepare("""
            SELECT event_id, ts, meeting_id, organizer_id, policy, participant_id, identity, unverified_seconds,
                   unverified_participants, outside_schedule, unverified_ended_by, rule, severity, reason
            FROM findings WHERE kind = 'unverified_start'
            ORDER BY unverified_seconds DESC, ts_ns, event_seq LIMIT \(listedSessions)
            """)
        var rows: [UnverifiedSession] = []
        while try s.step() {
            rows.append(UnverifiedSession(
                eventID: s.string(at: 0) ?? "", ts: s.string(at: 1) ?? "", meetingID: s.string(at: 2) ?? "",
                organizerID: s.string(at: 3) ?? "", policy: s.string(at: 4) ?? "", participantID: s.string(at: 5),
                identity: s.string(at: 6), seconds: s.optionalDouble(at: 7) ?? 0, people: s.int(at: 8),
                outsideSchedule: s.bool(at: 9), endedBy: s.string(at: 10) ?? "", rule: s.string(at: 11) ?? "",
                severity: Severity(rawValue: s.string(at: 12) ?? "") ?? .info, reason: s.string(at: 13) ?? ""))
        }
        return rows
    }

    private static func blockedSources(_ db: SQLiteDatabase) throws -> [BlockedSource] {
        let s = try db.prepare("""
            SELECT client_ip, count(*) AS n, count(DISTINCT meeting_id), sum(actual = 'admitted') FROM findings
            WHERE kind = 'blocked_client_attempt' AND client_ip IS NOT NULL
            GROUP BY client_ip ORDER BY n DESC, client_ip LIMIT \(topRows)
            """)
        var rows: [BlockedSource] = []
        while try s.step() {
            rows.append(BlockedSource(address: s.string(at: 0) ?? "", attempts: s.int(at: 1), meetings: s.int(at: 2), admitted: s.int(at: 3)))
        }
        return rows
    }
}

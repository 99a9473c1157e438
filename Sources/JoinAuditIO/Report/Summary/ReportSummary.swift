import JoinAuditCore

/// A label and how many: one row of a "by kind", "by organizer"… count.
public struct Tally: Sendable, Equatable {
    public var label: String
    public var count: Int

    public init(_ label: String, _ count: Int) {
        self.label = label
        self.count = count
    }
}

/// Findings in one hour (UTC), by severity: the "over the day" chart.
public struct HourTally: Sendable, Equatable {
    /// `2026-11-23T10`: the hour's start, UTC.
    public var hour: String
    public var bySeverity: [Severity: Int]

    public var total: Int { bySeverity.values.reduce(0, +) }
}

/// A meeting and how many findings it drew.
public struct MeetingTally: Sendable, Equatable {
    public var meetingID: String
    public var organizerID: String
    public var findings: Int
    public var worst: Severity
}

/// A session that ran with nobody verified in it: the `unverified_start` findings, for the
/// table an analyst reads first.
public struct UnverifiedSession: Sendable, Equatable {
    public var eventID: String
    public var ts: String
    public var meetingID: String
    public var organizerID: String
    public var policy: String
    public var participantID: String?
    public var identity: String?
    public var seconds: Double
    public var people: Int
    public var outsideSchedule: Bool?
    public var endedBy: String
    public var rule: String
    public var severity: Severity
    public var reason: String
}

/// A source address and its blocked-client attempts: repeated attempts from one address are
/// somebody trying their way around the block.
public struct BlockedSource: Sendable, Equatable {
    public var address: String
    public var attempts: Int
    public var meetings: Int
    /// Attempts the service admitted all the same.
    public var admitted: Int
}

/// One input file as the database recorded it.
public struct FileSummary: Sendable, Equatable {
    public var path: String
    public var kind: String
    public var status: String
    public var events: Int
    public var badLines: Int
    public var redeliveries: Int
    public var damage: String?
}

/// What an auditor must know that is not a finding.
public struct DataQualitySummary: Sendable, Equatable {
    public var badLines: Int
    public var redeliveries: Int
    /// `data_quality` rows by kind (orphan events, judgements on unknown facts).
    public var problems: [Tally]
    public var damagedFiles: [FileSummary]
}

/// Everything a report shows besides the findings themselves, read from the database once so
/// that every format (text, JSON, Markdown, HTML) tells the same numbers.
public struct ReportSummary: Sendable, Equatable {
    public var databasePath: String
    public var generatedAt: String
    public var judgingRun: JudgingRun?
    public var files: [FileSummary]
    public var events: Int
    public var meetings: Int
    /// The first and last event instants, UTC.
    public var firstEvent: String?
    public var lastEvent: String?
    public var findings: Int
    public var byKind: [Tally]
    public var bySeverity: [Tally]
    public var byRule: [Tally]
    public var byOrganizer: [Tally]
    public var byIdentity: [Tally]
    public var byClient: [Tally]
    public var byPolicy: [Tally]
    public var byHour: [HourTally]
    public var topMeetings: [MeetingTally]
    /// Join requests by people who count as anonymous, by client type (not only findings):
    /// how much anonymous traffic there was, and through which door.
    public var anonymousJoinsByClient: [Tally]
    public var unverifiedSessions: [UnverifiedSession]
    public var blockedSources: [BlockedSource]
    public var dataQuality: DataQualitySummary

    /// Count of findings of one severity (0 when none).
    public func count(_ severity: Severity) -> Int {
        bySeverity.first { $0.label == severity.rawValue }?.count ?? 0
    }
}

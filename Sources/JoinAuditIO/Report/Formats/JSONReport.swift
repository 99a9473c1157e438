import JoinAuditCore

/// One JSON document for programs that want the whole picture at once: the run and its
/// policies, the input files, every count of the summary, the unverified sessions, the
/// addresses behind blocked-client attempts, the findings (each exactly as the contract's
/// JSON line) and the data-quality problems. Findings are streamed, not held.
public struct JSONReport {
    public let store: EventStore
    public let summary: ReportSummary

    public init(store: EventStore, summary: ReportSummary) {
        self.store = store
        self.summary = summary
    }

    public func write(to out: OutputStream) throws {
        let s = summary
        var doc = JSONObjectBuilder()
        doc.string("format", "joinaudit-report/1")
        doc.string("generated_at", s.generatedAt)
        doc.string("database", s.databasePath)
        if let run = s.judgingRun {
            var r = JSONObjectBuilder()
            r.number("run_id", run.runID)
            r.string("command", run.command)
            r.string("started_at", run.startedAt)
            r.string("finished_at", run.finishedAt)
            r.array("policies", run.policies.map { p in
                var o = JSONObjectBuilder()
                o.string("path", p.path)
                o.string("sha256", p.sha256)
                return o
            })
            doc.object("run", r)
        } else {
            doc.null("run")
        }
        doc.array("files", s.files.map { f in
            var o = JSONObjectBuilder()
            o.string("path", f.path)
            o.string("input_kind", f.kind)
            o.string("status", f.status)
            o.number("events", f.events)
            o.number("bad_lines", f.badLines)
            o.number("redeliveries", f.redeliveries)
            o.string("damage", f.damage)
            return o
        })
        var counts = JSONObjectBuilder()
        counts.number("events", s.events)
        counts.number("meetings", s.meetings)
        counts.string("first_event", s.firstEvent)
        counts.string("last_event", s.lastEvent)
        counts.number("findings", s.findings)
        counts.tallies("by_kind", s.byKind)
        counts.tallies("by_severity", s.bySeverity)
        counts.tallies("by_rule", s.byRule)
        counts.tallies("by_organizer", s.byOrganizer)
        counts.tallies("by_policy", s.byPolicy)
        counts.tallies("by_identity", s.byIdentity)
        counts.tallies("by_client", s.byClient)
        counts.tallies("anonymous_joins_by_client", s.anonymousJoinsByClient)
        doc.object("counts", counts)
        doc.array("findings_by_hour", s.byHour.map { h in
            var o = JSONObjectBuilder()
            o.string("hour", h.hour + ":00:00Z")
            for severity in Severity.allCases { o.number(severity.rawValue, h.bySeverity[severity] ?? 0) }
            return o
        })
        doc.array("top_meetings", s.topMeetings.map { m in
            var o = JSONObjectBuilder()
            o.string("meeting_id", m.meetingID)
            o.string("organizer_id", m.organizerID)
            o.number("findings", m.findings)
            o.string("worst_severity", m.worst.rawValue)
            return o
        })
        doc.array("unverified_sessions", s.unverifiedSessions.map { u in
            var o = JSONObjectBuilder()
            o.string("event_id", u.eventID)
            o.string("ts", u.ts)
            o.string("meeting_id", u.meetingID)
            o.string("organizer_id", u.organizerID)
            o.string("policy", u.policy)
            o.string("rule", u.rule)
            o.string("severity", u.severity.rawValue)
            o.number("unverified_seconds", u.seconds)
            o.number("unverified_participants", u.people)
            o.bool("outside_schedule", u.outsideSchedule)
            o.string("unverified_ended_by", u.endedBy)
            o.string("reason", u.reason)
            return o
        })
        doc.array("blocked_client_sources", s.blockedSources.map { b in
            var o = JSONObjectBuilder()
            o.string("client_ip", b.address)
            o.number("attempts", b.attempts)
            o.number("meetings", b.meetings)
            o.number("admitted", b.admitted)
            return o
        })
        var quality = JSONObjectBuilder()
        quality.number("bad_lines", s.dataQuality.badLines)
        quality.number("redeliveries", s.dataQuality.redeliveries)
        quality.tallies("problems_by_kind", s.dataQuality.problems)
        quality.array("damaged_files", s.dataQuality.damagedFiles.map { f in
            var o = JSONObjectBuilder()
            o.string("path", f.path)
            o.string("damage", f.damage)
            return o
        })
        doc.object("data_quality", quality)

        out.write(doc.open)
        out.write(",\"findings\":[")
        var first = true
        try store.forEachFinding { record in
            if !first { out.write(",") }
            first = false
            out.write(FindingJSONLine.object(record).finished)
        }
        out.write("],\"data_quality_problems\":[")
        first = true
        try store.forEachDataQualityProblem { p in
            if !first { out.write(",") }
            first = false
            var o = JSONObjectBuilder()
            o.string("kind", p.kind.rawValue)
            o.string("event_id", p.eventID)
            o.string("meeting_id", p.meetingID)
            o.optionalString("participant_id", p.participantID)
            o.string("detail", p.detail)
            out.write(o.finished)
        }
        out.write("]}\n")
    }
}

import JoinAuditCore

/// `explain`'s output: the event, the settings in force, the meeting as the replay knew it, the
/// decision step by step, and what followed. Text for a person (every value through
/// `TerminalText`), JSON for programs.
public enum ExplanationReport {
    public static func text(_ x: EventExplanation, sourcePath: String?) -> String {
        let e = TerminalText.escape
        let event = x.event.event
        var out = "Event \(e(event.id)): \(event.type.rawValue) at \(e(event.tsText)), read from \(e(sourcePath ?? "?")):\(x.event.source.line)\n"
        out += "  meeting \(e(event.meetingID)) of tenant \(e(event.tenantID)), organizer \(e(x.organizerID ?? "unknown"))\n"
        if case .joinRequest(let r) = event.body {
            out += "  participant \(e(r.participantID))" + (r.displayName.map { " \"\(e($0))\"" } ?? "")
                + ", logged as \(r.identity.rawValue)" + (r.trust.map { ", trust \($0.rawValue)" } ?? "")
                + ", role \(r.role.rawValue), client \(r.client.rawValue)" + (r.clientIP.map { " from \(e($0))" } ?? "")
                + ", invited \(r.invited.map(String.init) ?? "unknown"), outcome \(r.outcome.rawValue)\n"
        } else if let participant = event.participantID {
            out += "  participant \(e(participant))\n"
        }
        out += "\nSettings in force (meeting policy \(e(x.policyName)), policy file \(e(x.policyFile))):\n"
        out += steps(x.settings)
        out += "\nThe meeting just before this event:\n" + steps(x.meetingBefore)
        if let identity = x.identity {
            out += "\nIdentity: counts as \(identity.effective.rawValue), " + (identity.isVerified ? "verified" : "not verified")
                + (identity.explanation.isEmpty ? "" : " (\(e(identity.explanation)))") + "\n"
        }
        if let decision = x.decision {
            out += "\nDecision, step by step:\n"
            for (i, step) in decision.trace.enumerated() { out += "  \(i + 1). \(e(step.description))\n" }
            out += "  => expected \(decision.expected.rawValue) [\(decision.rule.rawValue)]: \(e(decision.because))\n"
        }
        if !x.furtherSteps.isEmpty { out += "\nThen:\n" + steps(x.furtherSteps) }
        out += "\nFindings for this event: \(x.findings.isEmpty ? "none" : String(x.findings.count))\n"
        for f in x.findings {
            out += "  \(f.severity.rawValue) \(f.kind.rawValue) [\(f.rule.rawValue)]: \(e(f.reason))\n"
        }
        if !x.problems.isEmpty {
            out += "Data-quality notes:\n" + x.problems.map { "  \($0.kind.rawValue): \(e($0.detail))\n" }.joined()
        }
        return out
    }

    private static func steps(_ steps: [TraceStep]) -> String {
        steps.map { "  \(TerminalText.escape($0.name)) = \(TerminalText.escape($0.value)): \(TerminalText.escape($0.meaning))\n" }.joined()
    }

    public static func json(_ x: EventExplanation, sourcePath: String?) -> [UInt8] {
        let event = x.event.event
        var o = JSONObjectBuilder()
        o.string("event_id", event.id)
        o.string("type", event.type.rawValue)
        o.string("ts", event.tsText)
        o.string("tenant_id", event.tenantID)
        o.string("meeting_id", event.meetingID)
        o.string("organizer_id", x.organizerID)
        o.optionalString("participant_id", event.participantID)
        var source = JSONObjectBuilder()
        source.string("file", sourcePath)
        source.number("line", x.event.source.line)
        o.object("source", source)
        o.string("policy_file", x.policyFile)
        o.string("policy", x.policyName)
        o.raw("settings", stepsJSON(x.settings))
        o.raw("meeting_before", stepsJSON(x.meetingBefore))
        if let identity = x.identity {
            var i = JSONObjectBuilder()
            i.string("effective", identity.effective.rawValue)
            i.bool("verified", identity.isVerified)
            i.optionalString("explanation", identity.explanation.isEmpty ? nil : identity.explanation)
            o.object("identity", i)
        }
        if let decision = x.decision {
            var d = JSONObjectBuilder()
            d.string("expected", decision.expected.rawValue)
            d.string("rule", decision.rule.rawValue)
            d.string("because", decision.because)
            d.raw("trace", stepsJSON(decision.trace))
            o.object("decision", d)
        }
        o.raw("further_steps", stepsJSON(x.furtherSteps))
        o.raw("findings", JSONObjectBuilder.array(x.findings.map { FindingJSONLine.object(FindingRecord(finding: $0, sourcePath: sourcePath)).finished }))
        o.raw("data_quality", JSONObjectBuilder.array(x.problems.map { p in
            var q = JSONObjectBuilder()
            q.string("kind", p.kind.rawValue)
            q.string("detail", p.detail)
            return q.finished
        }))
        return o.finished + [UInt8(ascii: "\n")]
    }

    private static func stepsJSON(_ steps: [TraceStep]) -> [UInt8] {
        JSONObjectBuilder.array(steps.map { step in
            var s = JSONObjectBuilder()
            s.string("setting", step.name)
            s.string("value", step.value)
            s.string("meaning", step.meaning)
            return s.finished
        })
    }
}

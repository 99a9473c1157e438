import JoinAuditCore

/// `policy explain`'s output: the expected outcome of one hypothetical join, its rule, and the
/// trace of settings the evaluator looked at, in order.
public enum JoinExplanationReport {
    public static func text(_ decision: JoinDecision, request: JoinRequest, organizer: String, policy: OrganizerPolicy, sessionStarted: Bool, file: String) -> String {
        var out = "policy \(TerminalText.escape(file)), organizer \(TerminalText.escape(organizer)): meeting policy \(TerminalText.escape(policy.name))\n"
        out += "join: \(request.identity.rawValue) \(request.role.rawValue) on \(request.client.withArticle), session \(sessionStarted ? "started" : "not started")\n"
        out += "expected: \(decision.expected.rawValue) (rule \(decision.rule.rawValue))\n"
        out += "because: \(TerminalText.escape(decision.because))\n"
        out += "trace:\n"
        for (index, step) in decision.trace.enumerated() {
            out += "  \(index + 1). \(TerminalText.escape(step.description))\n"
        }
        return out
    }

    public static func json(_ decision: JoinDecision, request: JoinRequest, organizer: String, policy: OrganizerPolicy, sessionStarted: Bool, file: String) -> String {
        var root = JSONObjectBuilder()
        root.string("policy_file", file)
        root.string("organizer_id", organizer)
        root.string("policy", policy.name)
        root.string("identity", request.identity.rawValue)
        root.string("role", request.role.rawValue)
        root.string("client", request.client.rawValue)
        root.bool("session_started", sessionStarted)
        root.string("expected", decision.expected.rawValue)
        root.string("rule", decision.rule.rawValue)
        root.string("because", decision.because)
        root.array("trace", decision.trace.map { step in
            var object = JSONObjectBuilder()
            object.string("name", step.name)
            object.string("value", step.value)
            object.string("meaning", step.meaning)
            return object
        })
        return root.line
    }
}

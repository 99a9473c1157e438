import JoinAuditCore

/// `policy check`'s output: one block per finding in text (policy names and organizer ids
/// escaped for the terminal), or one JSON document.
public enum PostureReport {
    public static func text(_ findings: [PostureFinding], tenant: TenantPolicy, file: String) -> String {
        let organizers = Set(tenant.assignments.keys).count
        var out = "policy check of \(TerminalText.escape(file))"
        if let id = tenant.tenantID { out += " (tenant \(TerminalText.escape(id)))" }
        out += ": \(tenant.policyNames.count) meeting policies, \(organizers) organizers with an assigned policy\n"
        for finding in findings {
            let baseline = finding.check.baselineIDs.isEmpty ? "-" : finding.check.baselineIDs.joined(separator: ",")
            out += "\n\(finding.severity.rawValue.padded(8)) \(finding.check.id.padded(30)) \(baseline)\n"
            out += "  \(finding.check.title)\n"
            if !finding.policies.isEmpty {
                out += "  policies: \(finding.policies.map(TerminalText.escape).joined(separator: ", "))\n"
            }
            out += "  organizers: \(organizerList(finding).map(TerminalText.escape).joined(separator: ", "))\n"
            out += "  \(TerminalText.escape(finding.detail))\n"
        }
        out += "\n" + summary(findings) + "\n"
        return out
    }

    public static func json(_ findings: [PostureFinding], tenant: TenantPolicy, file: String) -> String {
        var root = JSONObjectBuilder()
        root.string("policy_file", file)
        root.string("tenant_id", tenant.tenantID)
        root.array("findings", findings.map { finding in
            var object = JSONObjectBuilder()
            object.string("check", finding.check.id)
            object.string("severity", finding.severity.rawValue)
            object.strings("baseline", finding.check.baselineIDs)
            object.string("title", finding.check.title)
            object.strings("policies", finding.policies)
            object.strings("organizers", finding.organizers)
            object.bool("includes_unassigned_organizers", finding.includesUnassignedOrganizers)
            object.string("detail", finding.detail)
            return object
        })
        var counts = JSONObjectBuilder()
        for severity in Severity.allCases { counts.number(severity.rawValue, findings.count { $0.severity == severity }) }
        root.object("counts", counts)
        root.strings("baseline_not_met", baselineNotMet(findings))
        return root.line
    }

    /// The baseline items some finding shows unmet, in baseline order.
    public static func baselineNotMet(_ findings: [PostureFinding]) -> [String] {
        Set(findings.flatMap(\.check.baselineIDs)).sorted { $0.compare(asVersion: $1) }
    }

    private static func organizerList(_ finding: PostureFinding) -> [String] {
        var list = finding.organizers
        if finding.includesUnassignedOrganizers { list.append(list.isEmpty ? "every organizer with no other policy" : "and every organizer with no other policy") }
        return list.isEmpty ? ["none"] : list
    }

    private static func summary(_ findings: [PostureFinding]) -> String {
        let counts = Severity.allCases.compactMap { severity -> String? in
            let count = findings.count { $0.severity == severity }
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        var line = "\(findings.count) findings" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", "))
        let unmet = baselineNotMet(findings)
        line += unmet.isEmpty ? "; every judged baseline item is met" : "; baseline items not met: " + unmet.joined(separator: ", ")
        return line
    }
}

extension String {
    /// Left-aligned in a column of `width` characters (longer text is left as it is).
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    /// `MS.TEAMS.1.10` after `MS.TEAMS.1.9`: dotted parts compared as numbers where they are.
    func compare(asVersion other: String) -> Bool {
        let a = split(separator: "."), b = other.split(separator: ".")
        for (x, y) in zip(a, b) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return a.count < b.count
    }
}

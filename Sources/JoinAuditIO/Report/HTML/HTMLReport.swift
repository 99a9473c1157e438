import Foundation
import JoinAuditCore

/// The report an auditor files: one self-contained HTML page (no script, no external font,
/// image or style; it works offline and prints), with the headline numbers, charts as inline
/// SVG, the unexpected admits and unverified sessions with their reasons, the other findings,
/// data quality, the policy in force and the inputs.
///
/// Every value from the logs or the policy goes through `HTMLText`. As a second wall, the page
/// carries a Content-Security-Policy that forbids every script and every remote load, so even
/// a missed escape could not run code or call home.
public struct HTMLReport {
    public let store: EventStore
    public let summary: ReportSummary
    /// Rows per findings table; the CSV and JSON formats carry them all.
    public static let listedRows = 500

    public init(store: EventStore, summary: ReportSummary) {
        self.store = store
        self.summary = summary
    }

    public func write(to out: OutputStream) throws {
        let s = summary
        let h = HTMLText.escape
        out.write(HTMLPage.head(title: "JoinAudit report" + (s.firstEvent.map { " — " + String($0.prefix(10)) } ?? "")))
        var intro = "\(s.events) events in \(s.meetings) meeting\(s.meetings == 1 ? "" : "s")"
        if let first = s.firstEvent, let last = s.lastEvent { intro += ", from \(h(first)) to \(h(last))" }
        out.write("<header><h1>JoinAudit report</h1><p>\(intro). Generated \(h(s.generatedAt)) from <code>\(h(s.databasePath))</code>.</p>")
        if let run = s.judgingRun {
            out.write("<p>Judged by <code>\(h(run.command))</code> run \(run.runID) (\(h(run.startedAt))) under "
                + run.policies.map { "<code>\(h($0.path))</code> (sha256 <code>\(h(String($0.sha256.prefix(16))))</code>)" }.joined(separator: ", ") + ".</p>")
        }
        out.write("</header>\n")

        out.write(headline())
        out.write(section("Findings over the day", SVGChart.hourly(s.byHour, title: "Findings per hour by severity")))
        let kindRows = s.byKind.map { (label: $0.label, count: $0.count, colour: "#495057") }
        let severityRows = s.bySeverity.map { (label: $0.label, count: $0.count, colour: SVGChart.colour(Severity(rawValue: $0.label) ?? .info)) }
        out.write("<div class=\"pair\">" + section("By kind", SVGChart.bars(kindRows, title: "Findings by kind", width: 480))
            + section("By severity", SVGChart.bars(severityRows, title: "Findings by severity", width: 480)) + "</div>\n")
        out.write("<div class=\"pair\">" + section("Organizers with most findings", SVGChart.bars(s.byOrganizer.map { (label: $0.label, count: $0.count, colour: "#5f3dc4") }, title: "Findings by organizer", width: 480))
            + section("Meetings with most findings", SVGChart.bars(s.topMeetings.map { (label: $0.meetingID, count: $0.findings, colour: SVGChart.colour($0.worst)) }, title: "Findings by meeting, coloured by the worst", width: 480)) + "</div>\n")
        out.write(section("Anonymous joins by client type", SVGChart.bars(s.anonymousJoinsByClient.map { (label: $0.label, count: $0.count, colour: "#0b7285") }, title: "Join requests by people who count as anonymous, by client")
            + "<p class=\"note\">Every join request by someone who counts as anonymous (anonymous, or external without mutual trust), admitted or not.</p>"))

        out.write("<section><h2>Unexpected admits</h2><p class=\"note\">People let in, or past the lobby, whom the policy should have stopped.</p>")
        try findingsTable(kinds: [.unexpectedAdmit], out: out)
        out.write("</section>\n")
        out.write(unverifiedSessions())
        out.write(blockedSources())
        out.write("<section><h2>Other findings</h2>")
        try findingsTable(kinds: [.blockedClientAttempt, .appViolation, .unexpectedLobby, .unexpectedDenial], out: out)
        out.write("</section>\n")
        out.write(counts())
        out.write(dataQuality())
        out.write(policyInForce())
        out.write(inputs())
        out.write(HTMLPage.tail)
    }

    private func headline() -> String {
        let s = summary
        func count(_ kind: FindingKind) -> Int { s.byKind.first { $0.label == kind.rawValue }?.count ?? 0 }
        let cards: [(String, String, String)] = [
            ("findings", String(s.findings), ""),
            ("critical", String(s.count(.critical)), s.count(.critical) > 0 ? "bad" : ""),
            ("high", String(s.count(.high)), s.count(.high) > 0 ? "warn" : ""),
            ("unexpected admits", String(count(.unexpectedAdmit)), count(.unexpectedAdmit) > 0 ? "bad" : ""),
            ("unverified starts", String(count(.unverifiedStart)), count(.unverifiedStart) > 0 ? "warn" : ""),
            ("blocked-client attempts", String(count(.blockedClientAttempt)), ""),
            ("anonymous joins", String(s.anonymousJoinsByClient.reduce(0) { $0 + $1.count }), ""),
            ("bad lines", String(s.dataQuality.badLines), s.dataQuality.badLines > 0 ? "warn" : ""),
        ]
        return "<div class=\"cards\">" + cards.map { "<div class=\"card \($0.2)\"><b>\($0.1)</b><span>\(HTMLText.escape($0.0))</span></div>" }.joined() + "</div>\n"
    }

    private func section(_ title: String, _ body: String) -> String {
        "<section><h2>\(HTMLText.escape(title))</h2>\(body)</section>\n"
    }

    private func findingsTable(kinds: [FindingKind], out: OutputStream) throws {
        let h = HTMLText.escape
        var listed = 0, total = 0
        try store.forEachFinding(orderedBy: .severity, kinds: kinds) { record in
            total += 1
            guard listed < Self.listedRows else { return }
            if listed == 0 {
                out.write("<table><thead><tr><th>severity</th><th>time</th><th>kind / rule</th><th>meeting</th><th>participant</th><th>expected → actual</th><th>reason</th><th>evidence</th></tr></thead><tbody>")
            }
            listed += 1
            let f = record.finding
            var who = f.participantID.map { "<code>\(h($0))</code>" } ?? ""
            if let name = f.displayName { who += "<br>“\(h(name))”" }
            if let identity = f.identity { who += "<br><small>\(identity.rawValue)" + (f.loggedIdentity.map { $0.rawValue != identity.rawValue ? " (logged \($0.rawValue))" : "" } ?? "") + "</small>" }
            if let client = f.client { who += "<small> via \(client.rawValue)</small>" }
            if let ip = f.clientIP { who += "<br><small>\(h(ip))</small>" }
            let outcome = [f.expected?.rawValue, f.actual?.rawValue].compactMap { $0 }.joined(separator: " → ")
            out.write("<tr class=\"\(f.severity.rawValue)\"><td><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span></td>"
                + "<td>\(h(f.tsText))</td><td>\(f.kind.rawValue)<br><small>\(f.rule.rawValue)</small></td>"
                + "<td><code>\(h(f.meetingID))</code><br><small>\(h(f.organizerID ?? "")) · \(h(f.policy))</small></td>"
                + "<td>\(who)</td><td>\(outcome)</td><td>\(h(f.reason))</td>"
                + "<td><code>\(h(f.eventID))</code><br><small>\(h(record.sourcePath ?? "?")):\(f.source.line)</small></td></tr>")
        }
        if listed == 0 { out.write("<p class=\"empty\">None.</p>") } else { out.write("</tbody></table>") }
        if total > listed {
            out.write("<p class=\"note\">… and \(total - listed) more; <code>joinaudit report --format csv</code> lists them all.</p>")
        }
    }

    private func unverifiedSessions() -> String {
        let h = HTMLText.escape
        let rows = summary.unverifiedSessions
        var html = "<section><h2>Unverified sessions</h2><p class=\"note\">Anonymous people or dial-in callers in a meeting with no verified participant: a meeting link used without its owners. Longest first.</p>"
        guard !rows.isEmpty else { return html + "<p class=\"empty\">None.</p></section>\n" }
        html += "<table><thead><tr><th>began</th><th>meeting</th><th>unverified for</th><th>people</th><th>outside schedule</th><th>ended by</th><th>reason</th><th>event</th></tr></thead><tbody>"
        for u in rows {
            html += "<tr class=\"\(u.severity.rawValue)\"><td>\(h(u.ts))</td><td><code>\(h(u.meetingID))</code><br><small>\(h(u.organizerID)) · \(h(u.policy))</small></td>"
                + "<td>\(TextReport.duration(u.seconds))</td><td>\(u.people)</td><td>\(u.outsideSchedule.map { $0 ? "<b>yes</b>" : "no" } ?? "unknown")</td>"
                + "<td>\(h(u.endedBy))</td><td>\(h(u.reason))</td><td><code>\(h(u.eventID))</code></td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    private func blockedSources() -> String {
        let h = HTMLText.escape
        let rows = summary.blockedSources
        var html = "<section><h2>Blocked-client attempts by source address</h2>"
        guard !rows.isEmpty else { return html + "<p class=\"empty\">None.</p></section>\n" }
        html += "<table class=\"narrow\"><thead><tr><th>address</th><th>attempts</th><th>meetings</th><th>admitted all the same</th></tr></thead><tbody>"
        for b in rows { html += "<tr><td><code>\(h(b.address))</code></td><td>\(b.attempts)</td><td>\(b.meetings)</td><td>\(b.admitted)</td></tr>" }
        return html + "</tbody></table></section>\n"
    }

    private func counts() -> String {
        let s = summary
        var html = "<section><h2>Counts</h2><div class=\"tables\">"
        for (title, tallies) in [("rule", s.byRule), ("identity", s.byIdentity), ("client", s.byClient), ("policy", s.byPolicy)] {
            html += "<table class=\"narrow\"><thead><tr><th>\(title)</th><th>findings</th></tr></thead><tbody>"
            html += tallies.map { "<tr><td>\(HTMLText.escape($0.label))</td><td>\($0.count)</td></tr>" }.joined()
            html += "</tbody></table>"
        }
        return html + "</div></section>\n"
    }

    private func dataQuality() -> String {
        let q = summary.dataQuality
        var html = "<section><h2>Data quality</h2><table class=\"narrow\"><tbody>"
        html += "<tr><td>bad lines (kept aside in <code>bad_lines</code>)</td><td>\(q.badLines)</td></tr>"
        html += "<tr><td>re-deliveries (removed, in <code>redeliveries</code>)</td><td>\(q.redeliveries)</td></tr>"
        html += q.problems.map { "<tr><td>\(HTMLText.escape($0.label))</td><td>\($0.count)</td></tr>" }.joined()
        html += "</tbody></table>"
        for file in q.damagedFiles {
            html += "<p class=\"bad\">Damaged input: <code>\(HTMLText.escape(file.path))</code>: \(HTMLText.escape(file.damage ?? ""))</p>"
        }
        return html + "</section>\n"
    }

    private func policyInForce() -> String {
        let h = HTMLText.escape
        var html = "<section class=\"page\"><h2>Policy in force</h2>"
        guard let run = summary.judgingRun, !run.policies.isEmpty else {
            return html + "<p class=\"empty\">The database records no judging run with its policy.</p></section>\n"
        }
        for source in run.policies {
            html += "<h3><code>\(h(source.path))</code></h3>"
            guard let policy = try? PolicyFileLoader.load(data: Data(source.content.utf8), name: source.path) else {
                html += "<p class=\"bad\">The stored policy text no longer reads as a policy.</p>"
                continue
            }
            html += "<p>Tenant <code>\(h(policy.tenantID ?? "(not given)"))</code>"
                + (policy.effectiveFrom.map { ", in force from \(h($0.description))" } ?? "")
                + ". Org-wide: DisableAnonymousJoin <b>\(policy.configuration.disableAnonymousJoin)</b>, DisableAppInteractionForAnonymousUsers <b>\(policy.configuration.disableAppInteractionForAnonymousUsers)</b>.</p>"
            html += "<table><thead><tr><th>meeting policy</th><th>organizers</th><th>AllowAnonymousUsersToJoinMeeting</th><th>AllowAnonymousUsersToStartMeeting</th><th>AutoAdmittedUsers</th><th>AllowPSTNUsersToBypassLobby</th><th>BlockedAnonymousJoinClientTypes</th><th>AllowOrganizersToOverrideLobbySettings</th></tr></thead><tbody>"
            var assigned: [String: Int] = [:]
            for (_, name) in policy.assignments { assigned[name, default: 0] += 1 }
            for name in policy.policyNames {
                guard let p = policy.policy(named: name) else { continue }
                let who = name == MeetingPolicy.globalName ? "everyone else" : String(assigned[name.lowercased()] ?? 0)
                html += "<tr><td>\(h(p.name))</td><td>\(who)</td><td>\(p.allowAnonymousUsersToJoinMeeting)</td><td>\(p.allowAnonymousUsersToStartMeeting)</td>"
                    + "<td>\(p.autoAdmittedUsers.rawValue)</td><td>\(p.allowPSTNUsersToBypassLobby)</td>"
                    + "<td>\(p.blockedAnonymousJoinClientTypes.isEmpty ? "none" : p.blockedAnonymousJoinClientTypes.map(\.rawValue).joined(separator: ", "))</td>"
                    + "<td>\(p.allowOrganizersToOverrideLobbySettings)</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</section>\n"
    }

    private func inputs() -> String {
        let h = HTMLText.escape
        var html = "<section><h2>Inputs</h2><table><thead><tr><th>file</th><th>kind</th><th>status</th><th>events</th><th>bad lines</th><th>re-deliveries</th></tr></thead><tbody>"
        for f in summary.files {
            html += "<tr><td><code>\(h(f.path))</code></td><td>\(h(f.kind))</td><td>\(h(f.status))</td><td>\(f.events)</td><td>\(f.badLines)</td><td>\(f.redeliveries)</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }
}

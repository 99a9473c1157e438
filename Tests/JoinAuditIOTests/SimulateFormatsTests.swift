import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// `simulate --format`: the same day as Microsoft's sources hold it, read back by the
/// importers and judged by the same replay, gives the findings the join log gives, of the
/// kinds each source can show.
///
/// ## The comparison rule
/// The day is simulated with violations (3 %) and log noise (1 %: late lines, re-deliveries,
/// `left` for nobody), under the built-in policy with `AllowOrganizersToOverrideLobbySettings`
/// false: imported meetings' own options are unknown (sources.md §4), and the replay would
/// judge them under the most permissive options an organizer could choose, so only a policy
/// that allows no choice makes the options the same in every form. Then, leaving out the
/// meetings where someone of an organization without mutual trust (or without external
/// access) asked to join (the join log counts them as anonymous; the sources show a signed-in
/// user, which the importer must take as federated, so those sessions start differently), a
/// finding is named by (kind, meeting's thread id, participant, instant, rule[, severity]),
/// where phone callers, whose ids the sources make per join, are named by the instant they got
/// in, and these must be equal (as multisets):
/// - `unverified_start`: all of them, in every form (key with the instant and rule).
/// - `unexpected_admit` of anonymous and dial-in people admitted **directly** (a `join_request`
///   logged `admitted`): the join log's, the audit records' on participant records without
///   `IsJoinedFromLobby`, and the call records' on sessions that the join log shows as direct
///   admissions (key with instant, rule and severity). Every other call-record
///   `unexpected_admit` of them must be a lobby admission of the join log (call records know
///   no lobby: a person let in from it looks let straight in, which is what the source shows).
/// - `blocked_client_attempt` on attempts that got the person in (directly or from the lobby):
///   key (meeting, participant) only, since the join log's finding is at the request and the
///   sources' at the admission, and refused attempts are not in the sources.
/// - Audit records only: their `unexpected_admit` on lobby admissions (admitter `unknown`
///   unless `InviterInfo` names the organizer) are a subset of the join log's on the same
///   admissions (key without rule: who admitted is what the join log knows better).
/// - The CSV export and the Management API JSON give exactly the same findings.
/// With the built-in policy (organizers may override), the rule-free part still holds:
/// `unverified_start` (meeting, participant, instant) and `blocked_client_attempt`.
@Suite("Simulate: the day in every source format")
struct SimulateFormatsTests {
    static let seeds: [UInt64] = [3, 11, 29]

    @Test("analyzed in any form, the day gives the findings that form can show", arguments: seeds)
    func sameFindingsInEveryForm(seed: UInt64) throws {
        let options = SimulationOptions(events: 5_000, seed: seed, violationRate: 0.03, noiseRate: 0.01)
        let day = try FormsOfADay(options, policy: .simulationWithoutOverrides())
        let facts = JoinLogFacts(day.events)
        let threads = try day.meetingDetailThreads()

        let joinLog = try day.analyze(.joinLog)
        let csv = try day.analyze(.purviewCSV)
        let ual = try day.analyze(.ualJSON)
        let graph = try day.analyze(.graph)
        for (name, run) in [("purview-csv", csv), ("ual-json", ual), ("graph", graph)] {
            #expect(run.report.badLines == 0, "\(name): bad records")
            #expect(run.report.files.map(\.skipped) == [0], "\(name): skipped records")
        }
        #expect(joinLog.findings.count > 20, "a day with findings to compare")

        // The meeting of a finding, as the join log names it.
        let jMeeting = { (f: Finding) in f.meetingID }
        let pMeeting = { (f: Finding) in threads[f.meetingID] ?? "?" + f.meetingID }
        let gMeeting = { (f: Finding) in FormsOfADay.thread(ofJoinURL: f.meetingID) }
        let comparable = { (meeting: String) in !facts.meetingsWithUntrustedExternals.contains(meeting) }
        let unverifiedOrPhone: Set<LoggedIdentity> = [.anonymous, .dialIn]

        func key(_ f: Finding, _ meeting: String, rule: Bool = true, severity: Bool = false) -> String {
            var text = "\(f.kind.rawValue) \(meeting) \(JoinLogFacts.person(f.participantID ?? "-", f.ts)) \(f.ts.nanoseconds)"
            if rule { text += " \(f.rule.rawValue)" }
            if severity { text += " \(f.severity.rawValue)" }
            return text
        }
        func admission(_ f: Finding, _ meeting: String) -> String {
            JoinLogFacts.admission(meeting, f.participantID ?? "-", f.ts)
        }

        // unverified_start: all of them.
        func starts(_ findings: [Finding], _ meeting: (Finding) -> String) -> [String] {
            findings.filter { $0.kind == .unverifiedStart && comparable(meeting($0)) }.map { key($0, meeting($0)) }.sorted()
        }
        let jStarts = starts(joinLog.findings, jMeeting)
        #expect(starts(csv.findings, pMeeting) == jStarts, "unverified_start: purview-csv")
        #expect(starts(ual.findings, pMeeting) == jStarts, "unverified_start: ual-json")
        #expect(starts(graph.findings, gMeeting) == jStarts, "unverified_start: graph")

        // unexpected_admit of anonymous and dial-in people admitted directly.
        func isAdmitOfUnverified(_ f: Finding, _ meeting: String) -> Bool {
            f.kind == .unexpectedAdmit && comparable(meeting) && f.loggedIdentity.map(unverifiedOrPhone.contains) == true
        }
        let jDirect = joinLog.findings.filter {
            isAdmitOfUnverified($0, jMeeting($0)) && facts.eventInfo[$0.eventID]?.type == .joinRequest
        }.map { key($0, jMeeting($0), severity: true) }.sorted()
        let pDirect = ual.findings.filter {
            isAdmitOfUnverified($0, pMeeting($0)) && !$0.eventID.hasSuffix(":lobby_admitted")
        }.map { key($0, pMeeting($0), severity: true) }.sorted()
        let gAdmits = graph.findings.filter { isAdmitOfUnverified($0, gMeeting($0)) }
        let gDirect = gAdmits.filter { facts.directAdmissions.contains(admission($0, gMeeting($0))) }
            .map { key($0, gMeeting($0), severity: true) }.sorted()
        #expect(pDirect == jDirect, "unexpected_admit on direct admissions: audit records")
        #expect(gDirect == jDirect, "unexpected_admit on direct admissions: call records")
        for f in gAdmits where !facts.directAdmissions.contains(admission(f, gMeeting(f))) {
            #expect(facts.lobbyAdmissions.contains(admission(f, gMeeting(f))), "call records: \(key(f, gMeeting(f))) is no admission of the join log")
        }

        // blocked_client_attempt on attempts that got the person in.
        func blocked(_ findings: [Finding], _ meeting: (Finding) -> String, onlyAdmitted: Bool) -> [String] {
            findings.filter {
                $0.kind == .blockedClientAttempt && comparable(meeting($0)) && (!onlyAdmitted || facts.admittedJoinRequests.contains($0.eventID))
            }.map { "\(meeting($0)) \($0.participantID ?? "-")" }.sorted()
        }
        let jBlocked = blocked(joinLog.findings, jMeeting, onlyAdmitted: true)
        #expect(blocked(ual.findings, pMeeting, onlyAdmitted: false) == jBlocked, "blocked_client_attempt: audit records")
        #expect(blocked(graph.findings, gMeeting, onlyAdmitted: false) == jBlocked, "blocked_client_attempt: call records")

        // Audit records: lobby admissions they judge wrong, the join log judges wrong too.
        let jLobby = Set(joinLog.findings.filter {
            $0.kind == .unexpectedAdmit && comparable(jMeeting($0)) && facts.eventInfo[$0.eventID]?.type == .lobbyAdmitted
        }.map { key($0, jMeeting($0), rule: false) })
        let pLobby = ual.findings.filter {
            $0.kind == .unexpectedAdmit && comparable(pMeeting($0)) && $0.eventID.hasSuffix(":lobby_admitted")
        }.map { key($0, pMeeting($0), rule: false) }
        for k in pLobby { #expect(jLobby.contains(k), "audit records: \(k) is no lobby finding of the join log") }

        // The CSV export and the Management API JSON are the same records.
        let ids = { (r: (findings: [Finding], report: Ingestion.Report)) in
            r.findings.map { "\($0.kind.rawValue) \($0.eventID) \($0.rule.rawValue) \($0.severity.rawValue)" }.sorted()
        }
        #expect(ids(csv) == ids(ual))
        // The sources show no lobby or denial findings, and no app findings.
        for f in csv.findings + graph.findings {
            #expect([.unexpectedAdmit, .blockedClientAttempt, .unverifiedStart].contains(f.kind), "\(f.kind.rawValue) from a source")
        }

        // Not vacuous: each part compares something (the seeds are chosen so; a change to the
        // simulator that empties one should pick other seeds, not drop the check).
        #expect(!jStarts.isEmpty && !jDirect.isEmpty && !jBlocked.isEmpty && !pLobby.isEmpty,
            "starts \(jStarts.count), direct admits \(jDirect.count), blocked \(jBlocked.count), audit lobby admits \(pLobby.count)")
    }

    /// Under the built-in policy (organizers may change their meetings' options, which the
    /// sources do not carry), who started a session unverified and which blocked clients got in
    /// are still the same in every form; the rule may differ.
    @Test("with overridable options, the rule-free facts still agree", arguments: seeds.prefix(2))
    func sameStartsUnderTheBuiltInPolicy(seed: UInt64) throws {
        let options = SimulationOptions(events: 5_000, seed: seed, violationRate: 0.03, noiseRate: 0.01)
        let day = try FormsOfADay(options, policy: DaySimulator.defaultPolicy())
        let facts = JoinLogFacts(day.events)
        let threads = try day.meetingDetailThreads()
        let comparable = { (meeting: String) in !facts.meetingsWithUntrustedExternals.contains(meeting) }
        func ruleFree(_ findings: [Finding], _ meeting: (Finding) -> String, admittedOnly: Bool) -> [String] {
            findings.filter {
                comparable(meeting($0)) && ($0.kind == .unverifiedStart
                    || ($0.kind == .blockedClientAttempt && (!admittedOnly || facts.admittedJoinRequests.contains($0.eventID))))
            }.map {
                $0.kind == .unverifiedStart
                    ? "start \(meeting($0)) \(JoinLogFacts.person($0.participantID ?? "-", $0.ts)) \($0.ts.nanoseconds)"
                    : "blocked \(meeting($0)) \($0.participantID ?? "-")"
            }.sorted()
        }
        let expected = ruleFree(try day.analyze(.joinLog).findings, { $0.meetingID }, admittedOnly: true)
        #expect(expected.contains { $0.hasPrefix("start") })
        #expect(ruleFree(try day.analyze(.purviewCSV).findings, { threads[$0.meetingID] ?? "?" }, admittedOnly: false) == expected)
        #expect(ruleFree(try day.analyze(.graph).findings, { FormsOfADay.thread(ofJoinURL: $0.meetingID) }, admittedOnly: false) == expected)
    }
}

import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// One simulated day written in every form (`SimulationFormat`) into a scratch directory,
/// each form analyzed as `analyze` does (Ingestion, then StoredReplay), and the join log's
/// own events, to tell which findings each source can show.
final class FormsOfADay: @unchecked Sendable {
    let directory: URL
    let options: SimulationOptions
    let policy: TenantPolicy
    private(set) var paths: [SimulationFormat: String] = [:]
    private(set) var results: [SimulationFormat: SimulationOutput.Result] = [:]
    /// The join log's events, each id once, in replay order (time, then line).
    let events: [Event]

    init(_ options: SimulationOptions, policy: TenantPolicy) throws {
        self.options = options
        self.policy = policy
        directory = TestScratch.path("simulate-formats")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for format in SimulationFormat.allCases {
            let path = directory.appendingPathComponent("day.\(format.fileExtension)" + (format == .joinLog ? "" : ".\(format.rawValue)")).path
            let output = SimulationOutput(path: path, compression: .none, format: format)
            results[format] = try output.write(DaySimulator(options: options, policy: policy))
            paths[format] = path
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[.joinLog]!)))
        let parser = JoinLogLineParser()
        var seen: Set<String> = []
        var logged: [(Int, Event)] = []
        for (line, text) in SimulatedDay.lines(of: bytes).enumerated() {
            let event = try parser.parse(text)
            if seen.insert(event.id).inserted { logged.append((line, event)) }
        }
        logged.sort { ($0.1.ts, $0.0) < ($1.1.ts, $1.0) }
        events = logged.map(\.1)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func bytes(_ format: SimulationFormat) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[format]!)))
    }

    /// The findings of one form, as `analyze` finds them, with the ingestion's report.
    func analyze(_ format: SimulationFormat) throws -> (findings: [Finding], report: Ingestion.Report) {
        let store = try EventStore(path: directory.appendingPathComponent("\(format.rawValue).db").path)
        let report = try Ingestion(store: store).run([paths[format]!])
        _ = try StoredReplay(store: store, policies: PolicyHistory([policy])).run()
        var findings: [Finding] = []
        try store.forEachFinding { findings.append($0.finding) }
        return (findings, report)
    }

    /// Each `MeetingDetail` record's `Id` → its `ChatThreadId` (the join log's `meeting_id`),
    /// read from the Management API form with Foundation's parser (which also shows it is JSON).
    func meetingDetailThreads() throws -> [String: String] {
        let records = try JSONSerialization.jsonObject(with: Data(bytes(.ualJSON))) as! [[String: Any]]
        var threads: [String: String] = [:]
        for record in records where record["Operation"] as? String == "MeetingDetail" {
            threads[record["Id"] as! String] = record["ChatThreadId"] as? String
        }
        return threads
    }

    /// A Graph `joinWebUrl` → the thread id in its path.
    static func thread(ofJoinURL url: String) -> String {
        guard let range = url.range(of: "/meetup-join/") else { return url }
        let rest = url[range.upperBound...]
        let segment = rest.prefix { $0 != "/" }
        return String(segment).removingPercentEncoding ?? String(segment)
    }
}

/// What the join log itself says about each admission, to tell which findings of the join log
/// a source can show (see `SimulateFormatsTests` for the rule).
struct JoinLogFacts {
    /// Meetings where someone signed in to another organization without mutual trust, or
    /// without external access, asked to join: the join log counts them as anonymous; the
    /// sources show a signed-in user let in, which the importer must take as federated.
    var meetingsWithUntrustedExternals: Set<String> = []
    /// Event id → (type, participant, participant's logged identity).
    var eventInfo: [String: (type: EventType, participant: String, identity: LoggedIdentity?)] = [:]
    /// Direct admissions (`join_request` with outcome `admitted`): "meeting person ts".
    var directAdmissions: Set<String> = []
    /// Admissions from the lobby (`lobby_admitted` of someone waiting): "meeting person ts".
    var lobbyAdmissions: Set<String> = []
    /// Join requests that got the person into the meeting, directly or from the lobby.
    var admittedJoinRequests: Set<String> = []

    init(_ events: [Event]) {
        var waiting: [String: (eventID: String, identity: LoggedIdentity)] = [:]
        for event in events {
            let key = { (participant: String) in event.meetingID + "\u{1}" + participant }
            switch event.body {
            case .joinRequest(let request):
                eventInfo[event.id] = (.joinRequest, request.participantID, request.identity)
                if request.identity == .external && (request.trust != .mutual || !request.externalAccess) {
                    meetingsWithUntrustedExternals.insert(event.meetingID)
                }
                waiting[key(request.participantID)] = nil
                switch request.outcome {
                case .admitted:
                    directAdmissions.insert(Self.admission(event.meetingID, request.participantID, event.ts))
                    admittedJoinRequests.insert(event.id)
                case .lobby:
                    waiting[key(request.participantID)] = (event.id, request.identity)
                case .rejected:
                    break
                }
            case .lobbyAdmitted(let admission):
                let identity = waiting[key(admission.participantID)]?.identity
                eventInfo[event.id] = (.lobbyAdmitted, admission.participantID, identity)
                if let joined = waiting.removeValue(forKey: key(admission.participantID)) {
                    admittedJoinRequests.insert(joined.eventID)
                    lobbyAdmissions.insert(Self.admission(event.meetingID, admission.participantID, event.ts))
                }
            case .lobbyRemoved(let removal):
                waiting[key(removal.participantID)] = nil
            case .left(let participant):
                waiting[key(participant)] = nil
            case .meetingEnded:
                waiting = waiting.filter { !$0.key.hasPrefix(event.meetingID + "\u{1}") }
            case .meetingScheduled, .appAction:
                break
            }
        }
    }

    /// A participant as every form can name them: their id, except phone callers, whose ids
    /// the sources make per join (`phone:<record or session id>`): the instant they got in.
    static func person(_ participant: String, _ ts: Timestamp) -> String {
        participant.hasPrefix("8:pstn:") || participant.hasPrefix("phone:") ? "phone@\(ts.nanoseconds)" : participant
    }

    static func admission(_ meeting: String, _ participant: String, _ ts: Timestamp) -> String {
        "\(meeting) \(person(participant, ts)) \(ts.nanoseconds)"
    }
}

extension TenantPolicy {
    /// The simulator's built-in policy with `AllowOrganizersToOverrideLobbySettings` false for
    /// everyone: the meetings' own lobby options are then the policy's, known to every form of
    /// the day (the sources do not carry them; sources.md §4).
    static func simulationWithoutOverrides() -> TenantPolicy {
        let json = DaySimulator.defaultPolicyJSON.replacingOccurrences(
            of: "\"AllowOrganizersToOverrideLobbySettings\": true", with: "\"AllowOrganizersToOverrideLobbySettings\": false")
        precondition(json != DaySimulator.defaultPolicyJSON)
        return try! PolicyFileLoader.load(data: Data(json.utf8), name: "(simulation policy without overrides)")
    }
}

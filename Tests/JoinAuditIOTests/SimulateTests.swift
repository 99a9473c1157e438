import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// `joinaudit simulate`: a day that is the same for a seed, exactly as long as asked, made
/// of lines the parser reads, with every kind of event and participant in it.
@Suite("Simulate: the day")
struct SimulateTests {
    @Test func sameSeedGivesTheSameBytes() throws {
        let options = SimulationOptions(events: 3_000, seed: 7)
        let first = try DaySimulator(options: options).bytes()
        let second = try DaySimulator(options: options).bytes()
        #expect(first.bytes == second.bytes)
        #expect(first.summary == second.summary)
    }

    @Test func anotherSeedGivesAnotherDay() throws {
        let first = try DaySimulator(options: SimulationOptions(events: 3_000, seed: 7)).bytes()
        let second = try DaySimulator(options: SimulationOptions(events: 3_000, seed: 8)).bytes()
        #expect(first.bytes != second.bytes)
    }

    @Test(arguments: [0, 1, 2, 17, 999, 4_321])
    func theDayHasExactlyTheLinesAskedFor(events: Int) throws {
        // A high noise rate puts re-deliveries and held-back lines right at the end too.
        let (bytes, summary) = try DaySimulator(options: SimulationOptions(events: events, seed: 3, noiseRate: 0.05)).bytes()
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == events)
        #expect(bytes.last == (events > 0 ? UInt8(ascii: "\n") : nil))
        #expect(summary.lines == events)
        #expect(summary.linesByType.values.reduce(0, +) == events)
    }

    @Test func everyLineParses() {
        let day = SimulatedDay.standard
        #expect(day.events.count == 20_000)
        #expect(day.summary.lines == 20_000)
    }

    @Test func lineCountsByTypeMatchTheSummary() {
        let day = SimulatedDay.standard
        var counts: [EventType: Int] = [:]
        for event in day.events { counts[event.type, default: 0] += 1 }
        #expect(counts == day.summary.linesByType)
    }

    @Test func everyEventTypeAppears() {
        let types = Set(SimulatedDay.standard.events.map(\.type))
        #expect(types == Set(EventType.allCases))
    }

    @Test func everyIdentityTrustClientRoleAndOutcomeAppears() {
        let requests = SimulatedDay.standard.events.compactMap { event -> JoinRequest? in
            if case .joinRequest(let request) = event.body { return request }
            return nil
        }
        #expect(Set(requests.map(\.identity)) == Set(LoggedIdentity.allCases))
        #expect(Set(requests.compactMap(\.trust)) == Set(Trust.allCases))
        #expect(requests.contains { $0.identity == .external && !$0.externalAccess })
        #expect(Set(requests.map(\.client)) == Set(Client.allCases))
        #expect(requests.contains { $0.identity == .anonymous && $0.client == .acs })
        #expect(Set(requests.map(\.role)) == Set(Role.allCases))
        #expect(requests.contains { $0.identity == .dialIn && $0.role == .organizer })
        #expect(Set(requests.map(\.outcome)) == Set(Outcome.allCases))
        #expect(Set(requests.compactMap(\.invited)) == [true, false])
        #expect(requests.allSatisfy { $0.displayName != nil })
        #expect(requests.allSatisfy { ($0.client == .pstn) == ($0.clientIP == nil) })
    }

    @Test func lobbyAndAppEventsTakeEveryForm() {
        var admitters: Set<String> = []
        var removers: Set<String> = []
        var actions: Set<AppAction> = []
        var options = (auto: false, pstn: false)
        for event in SimulatedDay.standard.events {
            switch event.body {
            case .lobbyAdmitted(let admission):
                admitters.insert(admission.actorID == LobbyAdmission.systemActor ? "system" : "participant")
            case .lobbyRemoved(let removal):
                removers.insert(removal.actorID.map { $0 == "timeout" ? "timeout" : "participant" } ?? "none")
            case .appAction(let action):
                actions.insert(action.action)
            case .meetingScheduled(let schedule):
                if schedule.autoAdmittedUsers != nil { options.auto = true }
                if schedule.pstnBypassLobby != nil { options.pstn = true }
                #expect(schedule.scheduledStart != nil && schedule.scheduledEnd != nil)
            default:
                break
            }
        }
        #expect(admitters == ["system", "participant"])
        #expect(removers == ["timeout", "participant", "none"])
        #expect(actions == Set(AppAction.allCases))
        #expect(options.auto && options.pstn)
    }

    @Test func idsAreUniqueButForReDeliveriesOfTheSameLine() {
        let day = SimulatedDay.standard
        var lineOfID: [String: String] = [:]
        var redelivered = 0
        for (event, line) in zip(day.events, day.lines) {
            if let earlier = lineOfID[event.id] {
                #expect(earlier == line)
                redelivered += 1
            } else {
                lineOfID[event.id] = line
            }
        }
        #expect(redelivered == day.summary.redeliveries)
        #expect(redelivered > 0)
    }

    @Test func timestampsAreUTCMillisecondsInNearlyTimeOrder() {
        let day = SimulatedDay.standard
        let midnight = Timestamp(rfc3339: "2026-11-23T00:00:00Z")!
        var latest = day.events[0].ts
        var late = 0
        for event in day.events {
            let text = Array(event.tsText.utf8)
            #expect(text.count == 24 && text[10] == UInt8(ascii: "T") && text[19] == UInt8(ascii: ".") && text[23] == UInt8(ascii: "Z"))
            #expect(event.ts >= midnight && event.ts.seconds(since: midnight) < 26 * 3600)
            // Out of order by a few seconds at most.
            #expect(event.ts.seconds(since: latest) > -10)
            if event.ts < latest { late += 1 }
            latest = max(latest, event.ts)
        }
        #expect(late > 0)
    }

    @Test func meetingsFollowTheWorkingDay() {
        var hours = Array(repeating: 0, count: 24)
        for event in SimulatedDay.standard.events { hours[min(23, event.ts.utcHour)] += 1 }
        let office = hours[8..<18].reduce(0, +)
        let night = hours[0..<6].reduce(0, +)
        #expect(Double(office) > 0.7 * 20_000)
        #expect(night > 0)
    }

    @Test func idsLookLikeTheService() {
        let event = SimulatedDay.standard.events.first { $0.type == .joinRequest }!
        #expect(event.meetingID.hasPrefix("19:meeting_") && event.meetingID.hasSuffix("@thread.v2"))
        #expect(event.organizerID?.utf8.count == 36)
        #expect(event.tenantID == "t-contoso")
    }

    @Test func linesAverageAboutThreeHundredBytes() {
        let average = Double(SimulatedDay.standard.bytes.count) / 20_000
        #expect(average > 250 && average < 400)
    }

    @Test func organizersComeFromTheGivenPolicy() throws {
        let json = """
            {"tenant_id": "6f1e2d3c-0000-4000-8000-00000000abcd",
             "meeting_policies": [{"Identity": "Global"}, {"Identity": "Tag:Open", "AutoAdmittedUsers": "Everyone"}],
             "policy_assignments": {"u-ada": "Open"}}
            """
        let policy = try PolicyFileLoader.load(data: Data(json.utf8), name: "test")
        let day = SimulatedDay.make(SimulationOptions(events: 2_000, seed: 5), policy: policy)
        #expect(day.events.allSatisfy { $0.tenantID == "6f1e2d3c-0000-4000-8000-00000000abcd" })
        #expect(day.events.contains { $0.organizerID == "u-ada" })
        #expect(day.events.contains { $0.organizerID != nil && $0.organizerID != "u-ada" })
    }

    @Test func theBuiltInPolicyLoadsAndNamesItsTenant() {
        let policy = DaySimulator.defaultPolicy()
        #expect(policy.tenantID == "t-contoso")
        #expect(policy.policyNames.count == 5)
        #expect(!policy.assignments.isEmpty)
    }

    @Test func badOptionsAreRefused() {
        #expect(throws: DaySimulator.Failure.invalidDate("2026-13-01")) {
            try DaySimulator(options: SimulationOptions(events: 10, date: "2026-13-01")).bytes()
        }
        #expect(throws: DaySimulator.Failure.invalidRate(name: "the violation rate", value: 2)) {
            try DaySimulator(options: SimulationOptions(events: 10, violationRate: 2)).bytes()
        }
        #expect(throws: DaySimulator.Failure.invalidCount(-1)) {
            try DaySimulator(options: SimulationOptions(events: -1)).bytes()
        }
    }
}

import JoinAuditCore

/// Small builders so each test reads like a row of the contract.
enum T {
    static let base = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!

    static func at(_ second: Int) -> Timestamp { Timestamp(nanoseconds: base.nanoseconds + Int64(second) * 1_000_000_000) }

    static func event(_ id: String, _ second: Int, meeting: String = "m-1", organizer: String? = "u-ada",
                      origin: Origin = .joinLog, _ body: EventBody) -> Event {
        Event(id: id, ts: at(second), tenantID: "t-contoso", meetingID: meeting, organizerID: organizer, origin: origin, body: body)
    }

    static func join(_ id: String, _ second: Int, _ participant: String, _ identity: LoggedIdentity, _ outcome: Outcome,
                     role: Role = .attendee, client: Client? = nil, meeting: String = "m-1", organizer: String = "u-ada",
                     trust: Trust? = nil, externalAccess: Bool = true, invited: Bool? = false, origin: Origin = .joinLog) -> Event {
        let request = JoinRequest(
            participantID: participant, identity: identity, homeTenantID: identity == .external ? "t-fabrikam" : nil,
            trust: identity == .external ? (trust ?? .mutual) : nil, externalAccess: externalAccess, role: role, invited: invited,
            client: client ?? (identity == .dialIn ? .pstn : .teams), outcome: outcome)
        return event(id, second, meeting: meeting, organizer: organizer, origin: origin, .joinRequest(request))
    }

    static func admitted(_ id: String, _ second: Int, _ participant: String, by actor: String, meeting: String = "m-1", origin: Origin = .joinLog) -> Event {
        event(id, second, meeting: meeting, organizer: nil, origin: origin, .lobbyAdmitted(LobbyAdmission(participantID: participant, actorID: actor)))
    }

    static func removed(_ id: String, _ second: Int, _ participant: String, meeting: String = "m-1") -> Event {
        event(id, second, meeting: meeting, organizer: nil, .lobbyRemoved(LobbyRemoval(participantID: participant)))
    }

    static func left(_ id: String, _ second: Int, _ participant: String, meeting: String = "m-1") -> Event {
        event(id, second, meeting: meeting, organizer: nil, .left(participantID: participant))
    }

    static func ended(_ id: String, _ second: Int, meeting: String = "m-1") -> Event {
        event(id, second, meeting: meeting, organizer: nil, .meetingEnded)
    }

    static func scheduled(_ id: String, _ second: Int, meeting: String = "m-1", auto: AutoAdmittedUsers? = nil, pstn: Bool? = nil,
                          start: Int? = nil, end: Int? = nil) -> Event {
        event(id, second, meeting: meeting, .meetingScheduled(MeetingSchedule(
            scheduledStart: start.map(at), scheduledEnd: end.map(at), autoAdmittedUsers: auto, pstnBypassLobby: pstn)))
    }

    static func app(_ id: String, _ second: Int, _ participant: String, _ action: AppAction, meeting: String = "m-1") -> Event {
        event(id, second, meeting: meeting, organizer: nil, .appAction(AppActionEvent(participantID: participant, appID: "polls", action: action)))
    }

    static func policy(
        disableAnonymousJoin: Bool = false, disableApps: Bool = false, allowAnonymousJoin: Bool = true, allowStart: Bool = false,
        auto: AutoAdmittedUsers = .everyoneInCompanyExcludingGuests, pstnBypass: Bool = false, blocked: [BlockableClientType] = [],
        tags: [MeetingPolicy] = [], assignments: [String: String] = [:], effectiveFrom: Timestamp? = nil
    ) -> TenantPolicy {
        let global = MeetingPolicy(name: "Global", allowAnonymousUsersToJoinMeeting: allowAnonymousJoin, allowAnonymousUsersToStartMeeting: allowStart,
                                   autoAdmittedUsers: auto, allowPSTNUsersToBypassLobby: pstnBypass, blockedAnonymousJoinClientTypes: blocked)
        return try! TenantPolicy(tenantID: "t-contoso", configuration: MeetingConfiguration(disableAnonymousJoin: disableAnonymousJoin, disableAppInteractionForAnonymousUsers: disableApps),
                                 policies: [global] + tags, assignments: assignments, effectiveFrom: effectiveFrom)
    }

    /// Replays events in the given order and returns every finding and problem.
    static func replay(_ events: [Event], _ policies: TenantPolicy...) -> ReplayOutput {
        var replay = Replay(policies: PolicyHistory(policies))
        var out = ReplayOutput()
        for (index, event) in events.enumerated() {
            replay.process(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event), into: &out)
        }
        replay.finish(into: &out)
        return out
    }

    /// (kind, event id, rule) triples, as the conformance cases compare them.
    static func triples(_ out: ReplayOutput) -> Set<String> {
        Set(out.findings.map { "\($0.kind.rawValue) \($0.eventID) \($0.rule.rawValue)" })
    }

    static func decide(_ request: Event, _ policy: TenantPolicy, started: Bool = false, meetingOptions: MeetingOptions = MeetingOptions(), optionsUnknown: Bool = false) -> JoinDecision {
        guard case .joinRequest(let r) = request.body else { fatalError("not a join request") }
        let settings = MeetingSettings(configuration: policy.configuration, policy: policy.policy(forOrganizer: request.organizerID),
                                       meetingOptions: meetingOptions, optionsUnknown: optionsUnknown)
        return JoinEvaluator.decide(r, identity: ResolvedIdentity(of: r, organizerTenant: request.tenantID), settings: settings, sessionStarted: started)
    }
}

/// Why one event was judged the way it was, step by step: the settings in force for its
/// meeting at its instant, what the replay knew of the meeting just before it, the decision
/// and its trace, and the findings and data-quality notes it led to. What `explain` prints.
public struct EventExplanation: Sendable {
    public var event: LoggedEvent
    /// The policy file in force at the event's instant (its path).
    public var policyFile: String
    public var policyName: String
    public var organizerID: String?
    /// Each setting that applies to this meeting, with its value and where it came from.
    public var settings: [TraceStep]
    /// The meeting just before the event: session, who is present, who waits in the lobby.
    public var meetingBefore: [TraceStep]
    /// For `join_request` and `lobby_admitted`: who the participant counts as.
    public var identity: ResolvedIdentity?
    /// For `join_request` and `lobby_admitted`: the decision table's answer and its trace.
    public var decision: JoinDecision?
    /// Further steps that are not the decision table: who admitted from the lobby and whether
    /// they could, the app rule, a blocked client.
    public var furtherSteps: [TraceStep]
    public var findings: [Finding]
    public var problems: [DataQualityProblem]
}

extension Replay {
    /// Replays one meeting's events (all of them, in replay order) and explains the one with
    /// sequence number `seq`. Replay state is per meeting, so the meeting's own events are
    /// all that decide; findings that close later (an unverified start closes when someone
    /// verified arrives) are still collected, since they are keyed to this event.
    public static func explain(seq: Int64, meetingEvents: [LoggedEvent], policies: PolicyHistory) -> EventExplanation? {
        guard let target = meetingEvents.first(where: { $0.seq == seq }) else { return nil }
        var replay = Replay(policies: policies)
        var out = ReplayOutput()
        var explanation: EventExplanation?
        for logged in meetingEvents {
            if logged.seq == seq {
                let key = MeetingKey(tenantID: logged.event.tenantID, meetingID: logged.event.meetingID)
                let meeting = replay.meetings[key] ?? MeetingState(firstEventAt: logged.event.ts)
                explanation = Self.context(of: logged, meeting: meeting, policies: policies)
            }
            replay.process(logged, into: &out)
        }
        replay.finish(into: &out)
        guard var explanation else { return nil }
        explanation.findings = out.findings.filter { $0.eventSeq == target.seq }
        explanation.problems = out.problems.filter { $0.eventSeq == target.seq }
        return explanation
    }

    private static func context(of logged: LoggedEvent, meeting: MeetingState, policies: PolicyHistory) -> EventExplanation {
        let judgement = EventJudgement(logged: logged, policies: policies, meeting: meeting)
        let settings = judgement.settings
        let policy = judgement.organizerPolicy
        let configuration = settings.configuration
        var steps = [
            TraceStep("DisableAnonymousJoin", String(configuration.disableAnonymousJoin), "org-wide meeting configuration"),
            TraceStep("AllowAnonymousUsersToJoinMeeting", String(policy.allowAnonymousUsersToJoinMeeting), "meeting policy \(policy.name)"),
            settings.autoAdmittedUsersStep,
            settings.pstnBypassStep,
            TraceStep("AllowAnonymousUsersToStartMeeting", String(policy.allowAnonymousUsersToStartMeeting), "meeting policy \(policy.name)"),
            TraceStep("BlockedAnonymousJoinClientTypes", policy.blockedAnonymousJoinClientTypes.isEmpty ? "none" : policy.blockedAnonymousJoinClientTypes.map(\.rawValue).joined(separator: ", "), "meeting policy \(policy.name)"),
            TraceStep("AllowOrganizersToOverrideLobbySettings", String(policy.allowOrganizersToOverrideLobbySettings), "meeting policy \(policy.name)"),
            TraceStep("DisableAppInteractionForAnonymousUsers", String(configuration.disableAppInteractionForAnonymousUsers), "org-wide meeting configuration"),
        ]
        if judgement.organizerUnknown {
            steps.insert(TraceStep("organizer", "unknown", "the meeting's organizer is not known, so Global applies"), at: 0)
        }

        let session = meeting.session
        let present = session == nil ? [] : meeting.people.values.compactMap(\.presence)
        let verified = present.filter(\.isVerified).count
        var before = [
            TraceStep("session", session == nil ? "none" : (session!.started ? "started" : "not started"),
                      session == nil ? "nobody is in the meeting" : session!.started ? "a verified participant has started it" : "no verified participant has been admitted yet"),
            TraceStep("present", "\(present.count)", "\(verified) verified, \(present.count - verified) unverified"),
            TraceStep("lobby", "\(meeting.lobby.count)", "waiting in the lobby"),
        ]
        if meeting.scheduledStart != nil || meeting.scheduledEnd != nil {
            let window = "\(meeting.scheduledStart?.description ?? "?") to \(meeting.scheduledEnd?.description ?? "?")"
            let outside = meeting.isOutsideSchedule(logged.event.ts) == true
            before.append(TraceStep("schedule", window, outside ? "this event is outside the scheduled window" : "this event is inside the scheduled window"))
        }

        var explanation = EventExplanation(
            event: logged, policyFile: policies.policy(at: logged.event.ts).origin, policyName: policy.name, organizerID: judgement.organizerID,
            settings: steps, meetingBefore: before, identity: nil, decision: nil, furtherSteps: [], findings: [], problems: [])
        let started = session?.started ?? false
        switch logged.event.body {
        case .joinRequest(let request):
            let identity = ResolvedIdentity(of: request, organizerTenant: logged.event.tenantID)
            explanation.identity = identity
            explanation.decision = JoinEvaluator.decide(request, identity: identity, settings: settings, sessionStarted: started)
            if identity.effective == .anonymous && policy.blocks(request.client) {
                explanation.furtherSteps.append(TraceStep("client", request.client.rawValue, "blocked for anonymous people by BlockedAnonymousJoinClientTypes"))
            }
            explanation.furtherSteps.append(TraceStep("outcome", request.outcome.rawValue, "what the service did"))
        case .lobbyAdmitted(let admission):
            guard let waiting = meeting.lobby[ParticipantKey(admission.participantID)] else {
                explanation.furtherSteps.append(TraceStep("lobby", "not waiting", "\(admission.participantID) was not in the lobby, so there is nothing to judge"))
                break
            }
            explanation.identity = waiting.identity
            let decision = JoinEvaluator.decide(waiting.request, identity: waiting.identity, settings: settings, sessionStarted: started)
            explanation.decision = decision
            let admitter = EventJudgement.admitter(admission.actorID, meeting: meeting)
            explanation.furtherSteps.append(TraceStep("actor_id", admission.actorID, Self.describe(admitter)))
            switch LobbyAdmissionJudge.judge(decision, admitter: admitter) {
            case .allowed: explanation.furtherSteps.append(TraceStep("admission", "allowed", "this admission agrees with the policy"))
            case .unexpected(_, let rule, let because): explanation.furtherSteps.append(TraceStep("admission", rule.rawValue, because))
            }
        case .appAction(let action):
            if let identity = meeting.people[ParticipantKey(action.participantID)]?.identity {
                explanation.furtherSteps.append(TraceStep("identity", identity.rawValue, "as the participant's join request resolved"))
                let violation = AppActionJudge.judge(action, identity: identity, configuration: configuration)
                explanation.furtherSteps.append(TraceStep("app_action", "\(action.action.rawValue) \(action.appID)",
                    violation.map { "\($0.rule.rawValue): \($0.because)" } ?? "allowed"))
            } else {
                explanation.furtherSteps.append(TraceStep("participant", action.participantID, "never asked to join this meeting"))
            }
        case .lobbyRemoved, .left, .meetingEnded, .meetingScheduled:
            break
        }
        return explanation
    }

    private static func describe(_ admitter: LobbyAdmissionJudge.Admitter) -> String {
        switch admitter {
        case .service: return "the service admitted them by itself"
        case .unknown(let eligible):
            return "the source does not say who; " + (eligible ? "a verified organizer, co-organizer or presenter was present" : "no verified organizer, co-organizer or presenter was present")
        case .participant(let id, let present):
            guard let present else { return "\(id) was not in the meeting" }
            return "\(id) is present as \(present.role.rawValue), " + (present.isVerified ? "verified" : "not verified")
        }
    }
}

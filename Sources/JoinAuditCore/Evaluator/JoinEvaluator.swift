/// The join decision table of semantics.md §4: evaluated top to bottom, the first rule that
/// matches decides. A pure function of the request, who the participant counts as, the
/// settings in force and whether the session has started.
public enum JoinEvaluator {
    /// `traced`: whether to record the steps in `trace`, for `explain`. The replay reads only
    /// the outcome, rule and reason, and leaves it off: the steps' text was five allocations a
    /// join request, 26M of the 118M a 10M-event day made (heaptrack).
    public static func decide(
        _ request: JoinRequest, identity: ResolvedIdentity, settings: MeetingSettings, sessionStarted: Bool,
        traced: Bool = true
    ) -> JoinDecision {
        var trace: [TraceStep] = []
        func step(_ make: @autoclosure () -> TraceStep) {
            if traced { trace.append(make()) }
        }
        step(identityStep(request, identity))
        let policy = settings.policy
        let anonymous = identity.effective == .anonymous
        let dialIn = identity.effective == .dialIn && !identity.isVerified

        func decided(
            _ expected: Outcome, _ rule: RuleName, _ because: @autoclosure @escaping @Sendable () -> String, invitationUnknown: Bool = false
        ) -> JoinDecision {
            JoinDecision(expected: expected, rule: rule, because: because(), trace: trace, invitationUnknown: invitationUnknown)
        }

        if anonymous {
            // Rules 1–2. Seed: "the more restrictive setting will be effective".
            step(TraceStep("DisableAnonymousJoin", String(settings.configuration.disableAnonymousJoin), "org-wide Anonymous users can join a meeting"))
            if settings.configuration.disableAnonymousJoin {
                return decided(.rejected, .orgAnonymousJoinOff, "DisableAnonymousJoin is true (org-wide anonymous join is Off), so anonymous people are refused")
            }
            step(TraceStep("AllowAnonymousUsersToJoinMeeting", String(policy.allowAnonymousUsersToJoinMeeting), "meeting policy \(policy.name)"))
            if !policy.allowAnonymousUsersToJoinMeeting {
                return decided(.rejected, .organizerAnonymousJoinOff, "AllowAnonymousUsersToJoinMeeting is false in meeting policy \(policy.name), so anonymous people are refused")
            }
            // Rule 3.
            var blocked: String { policy.blockedAnonymousJoinClientTypes.map(\.rawValue).joined(separator: ", ") }
            step(TraceStep("BlockedAnonymousJoinClientTypes", blocked.isEmpty ? "null" : blocked, "client \(request.client.rawValue)"))
            if policy.blocks(request.client) {
                return decided(.rejected, .clientBlocked, "BlockedAnonymousJoinClientTypes of meeting policy \(policy.name) includes \(blocked), so anonymous joins from \(request.client.withArticle) are refused")
            }
        }

        // Rule 4.
        step(TraceStep("role", request.role.rawValue, identity.isVerified ? "verified" : "unverified"))
        if identity.isVerified && (request.role == .organizer || request.role == .coOrganizer) {
            return decided(.admitted, .organizerBypass, "verified \(request.role == .organizer ? "organizers" : "co-organizers") always bypass the lobby")
        }

        var started: TraceStep {
            TraceStep("session", sessionStarted ? "started" : "not started", sessionStarted ? "a verified participant has been admitted" : "no verified participant has been admitted yet")
        }
        var startSetting: TraceStep {
            TraceStep("AllowAnonymousUsersToStartMeeting", String(policy.allowAnonymousUsersToStartMeeting), "meeting policy \(policy.name)")
        }

        if dialIn {
            // Rules 5–8.
            step(settings.pstnBypassStep)
            if !settings.pstnBypassLobby {
                return decided(.lobby, .lobbyRequired, "dial-in bypass of the lobby is off (\(settings.pstnBypassStep.name) false), so dial-in callers wait in the lobby")
            }
            step(started)
            if sessionStarted {
                return decided(.admitted, .pstnBypass, "dial-in callers bypass the lobby once the session has started")
            }
            step(settings.autoAdmittedUsersStep)
            step(startSetting)
            if settings.autoAdmittedUsers == .everyone && policy.allowAnonymousUsersToStartMeeting {
                return decided(.admitted, .startAllowed, "AutoAdmittedUsers is Everyone and AllowAnonymousUsersToStartMeeting is true, so dial-in callers may start the meeting")
            }
            return decided(.lobby, .verifiedRequired, startNotAllowed(settings, who: "dial-in callers"))
        }

        if anonymous {
            // Rules 9–12.
            step(settings.autoAdmittedUsersStep)
            if settings.autoAdmittedUsers != .everyone {
                return decided(.lobby, .lobbyRequired, "AutoAdmittedUsers is \(settings.autoAdmittedUsers.rawValue), so anonymous people wait in the lobby")
            }
            step(started)
            if sessionStarted {
                return decided(.admitted, .lobbyBypass, "AutoAdmittedUsers is Everyone and the session has started, so anonymous people join directly")
            }
            step(startSetting)
            if policy.allowAnonymousUsersToStartMeeting {
                return decided(.admitted, .startAllowed, "AutoAdmittedUsers is Everyone and AllowAnonymousUsersToStartMeeting is true, so anonymous people may start the meeting")
            }
            return decided(.lobby, .verifiedRequired, startNotAllowed(settings, who: "anonymous people"))
        }

        // Rules 13–14: verified people who are not organizers.
        step(settings.autoAdmittedUsersStep)
        if settings.autoAdmittedUsers == .invitedUsers {
            step(TraceStep("invited", request.invited.map(String.init) ?? "unknown",
                           request.invited == nil ? "the source does not record invitations: benefit of the doubt" : "on the meeting invitation or not"))
        }
        switch LobbyBypass(settings.autoAdmittedUsers, identity: identity.effective, invited: request.invited) {
        case .bypasses:
            return decided(.admitted, .lobbyBypass, "AutoAdmittedUsers is \(settings.autoAdmittedUsers.rawValue): \(LobbyBypass.who(settings.autoAdmittedUsers))")
        case .bypassesInvitationUnknown:
            return decided(.admitted, .lobbyBypass, "AutoAdmittedUsers is InvitedUsers and the source does not say whether they were invited, so the bypass is given the benefit of the doubt", invitationUnknown: true)
        case .waits:
            let invitedNote = settings.autoAdmittedUsers == .invitedUsers && request.invited == false ? " and they were not invited" : ""
            return decided(.lobby, .lobbyRequired, "AutoAdmittedUsers is \(settings.autoAdmittedUsers.rawValue)\(invitedNote), so \(plural(identity.effective)) wait in the lobby")
        }
    }

    private static func startNotAllowed(_ settings: MeetingSettings, who: String) -> String {
        var why: [String] = []
        if settings.autoAdmittedUsers != .everyone { why.append("AutoAdmittedUsers is \(settings.autoAdmittedUsers.rawValue), not Everyone") }
        if !settings.policy.allowAnonymousUsersToStartMeeting { why.append("AllowAnonymousUsersToStartMeeting is false") }
        return "no verified participant had started the session and \(why.joined(separator: " and ")), so \(who) wait in the lobby until one does"
    }

    private static func identityStep(_ request: JoinRequest, _ identity: ResolvedIdentity) -> TraceStep {
        var value = request.identity.rawValue
        if request.identity == .external {
            value += " (trust \(request.trust?.rawValue ?? "none")\(request.externalAccess ? "" : ", external access off"))"
        }
        let meaning = identity.explanation.isEmpty
            ? "\(identity.effective.rawValue), \(identity.isVerified ? "verified" : "unverified")"
            : identity.explanation
        return TraceStep("identity", value, meaning)
    }

    private static func plural(_ identity: EffectiveIdentity) -> String {
        switch identity {
        case .internal: "people in the organization"
        case .guest: "guests"
        case .federated: "people from trusted organizations"
        case .anonymous: "anonymous people"
        case .dialIn: "dial-in callers"
        }
    }
}

/// The judgement of one event against the meeting's state: which settings apply, what was
/// expected, which findings follow, and how the state moves on.
///
/// It holds the settings (which carry the organizer's policy and the org-wide configuration),
/// not the policy file they came from: one is made for every event, and each policy value it
/// held was one more set of strings and tables to retain and release (perf).
struct EventJudgement {
    let logged: LoggedEvent
    let settings: MeetingSettings
    let organizerID: String?
    let organizerUnknown: Bool

    /// `organizerPolicy`, when given, is the one `policies` has for the event's organizer at
    /// its instant (the replay keeps it per meeting); otherwise it is looked up.
    init(logged: LoggedEvent, policies: PolicyHistory, meeting: borrowing MeetingState, organizerPolicy: OrganizerPolicy? = nil) {
        self.logged = logged
        let tenant = policies.index(at: logged.event.ts)
        let organizerID = logged.event.organizerID ?? meeting.organizerID
        self.organizerID = organizerID
        // The length first: a 36-byte organizer id against the literal went through the
        // string comparison's slow path on every event (callgrind: 73 instructions).
        organizerUnknown = organizerID.map { $0.utf8.count == 7 && $0 == "unknown" } ?? true
        // semantics.md §2: imported events carry no meeting options; unless the meeting's own
        // options are known, judge under the most permissive ones the organizer could choose.
        let optionsUnknown = logged.event.origin.recordsAdmissionsOnly && !meeting.optionsKnown
        settings = MeetingSettings(configuration: policies.versions[tenant].configuration,
                                   policy: organizerPolicy ?? policies.versions[tenant].policy(forOrganizer: organizerID),
                                   meetingOptions: meeting.options, optionsUnknown: optionsUnknown)
    }

    /// The organizer's effective meeting policy.
    var organizerPolicy: OrganizerPolicy { settings.policy }

    /// Not `mutating`: with `self` borrowed, a request is read where the event holds it instead
    /// of being copied out of it, with a retain and release of each of its strings (callgrind:
    /// the judging thread's instructions −2.4 %).
    func run(meeting: inout MeetingState, into out: inout ReplayOutput) {
        switch logged.event.body {
        case .joinRequest(let request): joinRequest(request, meeting: &meeting, out: &out)
        case .lobbyAdmitted(let admission): lobbyAdmitted(admission, meeting: &meeting, out: &out)
        case .lobbyRemoved(let removal):
            if meeting.lobby.removeValue(forKey: ParticipantKey(removal.participantID)) == nil {
                out.problems.append(DataQualityProblem(kind: .removedNotInLobby, logged: logged,
                    detail: "lobby_removed for \(removal.participantID), who was not waiting in the lobby"))
            }
        case .left(let participantID): left(participantID, meeting: &meeting, out: &out)
        case .meetingEnded:
            endSession(meeting: &meeting, out: &out)
            meeting.lobby.removeAll()
            meeting.people.removeAll()
        case .meetingScheduled(let schedule):
            if let organizer = logged.event.organizerID, organizer != meeting.organizerID { meeting.organizerID = organizer }
            if let start = schedule.scheduledStart { meeting.scheduledStart = start }
            if let end = schedule.scheduledEnd { meeting.scheduledEnd = end }
            if let own = schedule.autoAdmittedUsers { meeting.options.autoAdmittedUsers = own }
            if let own = schedule.pstnBypassLobby { meeting.options.pstnBypassLobby = own }
            meeting.optionsKnown = true
        case .appAction(let action): appAction(action, meeting: &meeting, out: &out)
        }
    }

    // MARK: join_request

    private func joinRequest(_ request: JoinRequest, meeting: inout MeetingState, out: inout ReplayOutput) {
        let identity = ResolvedIdentity(of: request, organizerTenant: logged.event.tenantID)
        let started = meeting.session?.started ?? false
        let decision = JoinEvaluator.decide(request, identity: identity, settings: settings, sessionStarted: started, traced: false)
        if out.recordsJoinDecisions {
            out.judgedJoins.append(JudgedJoin(logged: logged, request: request, identity: identity.effective,
                                              organizerID: organizerID, policy: organizerPolicy.name, decision: decision))
        }
        if let organizer = logged.event.organizerID, organizer != meeting.organizerID { meeting.organizerID = organizer }
        noteOrganizerUnknown(meeting: &meeting, out: &out)

        let actual = request.outcome
        // The request and its identity are passed on, not made into a `KnownParticipant` here:
        // only the lobby keeps one, and each copy of the request retained and released its
        // strings, which the reading and writing threads touch too (perf).
        if actual == .admitted && decision.expected < .admitted {
            out.findings.append(finding(.unexpectedAdmit, decision.rule, decision.expected == .rejected ? .critical : .high,
                request, identity, expected: decision.expected, because: "\(decision.because), yet the service admitted them"))
        } else if actual == .admitted {
            noteCaveats(decision, request: request, identity: identity, started: started, out: &out)
        }
        if !logged.event.origin.recordsAdmissionsOnly {
            if actual == .lobby && decision.expected == .rejected {
                out.findings.append(finding(.unexpectedLobby, decision.rule, .medium, request, identity, expected: decision.expected,
                    because: "\(decision.because), yet the service placed them in the lobby"))
            } else if actual < decision.expected {
                let rule: RuleName = decision.expected == .admitted ? .bypassAllowed : .lobbyAllowed
                let what = actual == .rejected ? "refused them" : "held them in the lobby"
                out.findings.append(finding(.unexpectedDenial, rule, .low, request, identity, expected: decision.expected,
                    because: "\(decision.because), yet the service \(what)"))
            }
        }
        if identity.effective == .anonymous && settings.policy.blocks(request.client) {
            let severity: Severity = actual == .admitted ? .critical : actual == .lobby ? .medium : .info
            let blocked = organizerPolicy.blockedAnonymousJoinClientTypes.map(\.rawValue).joined(separator: ", ")
            out.findings.append(finding(.blockedClientAttempt, .clientBlocked, severity, request, identity, expected: .rejected,
                because: "BlockedAnonymousJoinClientTypes of meeting policy \(organizerPolicy.name) is \(blocked), so an anonymous join from \(request.client.withArticle) must be refused; the service \(Self.verb(actual))"))
        }

        // Most meetings have nobody waiting: asking an empty table still hashes the id.
        if !meeting.lobby.isEmpty { meeting.lobby[ParticipantKey(request.participantID)] = nil }
        // Room for several people at once: growing one at a time rehashed every id already in
        // the table at each doubling (callgrind: a third of this look-up's cost).
        if meeting.people.isEmpty { meeting.people.reserveCapacity(Self.typicalPeople) }
        // Each way records the identity of this, their latest, request.
        switch actual {
        case .admitted:
            admit(request, identity, recordingIdentity: true, expected: decision.expected == .admitted, decision: decision, meeting: &meeting, out: &out)
        case .lobby:
            // Back in the lobby means out of the meeting.
            removeFromSession(request.participantID, recordingIdentity: identity.effective, meeting: &meeting, out: &out)
            meeting.lobby[ParticipantKey(request.participantID)] = KnownParticipant(request: request, identity: identity)
        case .rejected:
            meeting.people[ParticipantKey(request.participantID), default: Person(identity: identity.effective)].identity = identity.effective
        }
    }

    // MARK: lobby_admitted

    private func lobbyAdmitted(_ admission: LobbyAdmission, meeting: inout MeetingState, out: inout ReplayOutput) {
        guard let waiting = meeting.lobby.removeValue(forKey: ParticipantKey(admission.participantID)) else {
            out.problems.append(DataQualityProblem(kind: .admittedNotInLobby, logged: logged,
                detail: "lobby_admitted for \(admission.participantID), who was not waiting in the lobby"))
            return
        }
        noteOrganizerUnknown(meeting: &meeting, out: &out)
        let started = meeting.session?.started ?? false
        let decision = JoinEvaluator.decide(waiting.request, identity: waiting.identity, settings: settings, sessionStarted: started, traced: false)
        let admitter = Self.admitter(admission.actorID, meeting: meeting)
        if case .unknown = admitter {
            out.problems.append(DataQualityProblem(kind: .unknownAdmitter, logged: logged,
                detail: "the source does not say who let \(admission.participantID) in from the lobby"))
        }
        let verdict = LobbyAdmissionJudge.judge(decision, admitter: admitter)
        if case .unexpected(let severity, let rule, let because) = verdict {
            out.findings.append(finding(.unexpectedAdmit, rule, severity, waiting.request, waiting.identity, expected: decision.expected, because: because, actor: admission.actorID))
        } else {
            if settings.optionsAssumed {
                let strict = JoinEvaluator.decide(waiting.request, identity: waiting.identity, settings: settings.withPolicyDefaults, sessionStarted: started, traced: false)
                if LobbyAdmissionJudge.judge(strict, admitter: admitter) != .allowed {
                    out.problems.append(optionsCaveat(strict))
                }
            }
            if decision.invitationUnknown { out.problems.append(invitationCaveat()) }
        }
        admit(waiting.request, waiting.identity, recordingIdentity: false, expected: verdict == .allowed, decision: decision, meeting: &meeting, out: &out)
    }

    static func admitter(_ actorID: String, meeting: borrowing MeetingState) -> LobbyAdmissionJudge.Admitter {
        switch actorID {
        case LobbyAdmission.systemActor: return .service
        case LobbyAdmission.unknownActor: return .unknown(eligibleAdmitterPresent: meeting.hasEligibleAdmitter)
        default:
            let present = meeting.presence(of: actorID).map {
                LobbyAdmissionJudge.PresentAdmitter(role: $0.role, isVerified: $0.isVerified)
            }
            return .participant(id: actorID, present: present)
        }
    }

    // MARK: sessions

    /// Puts a participant into the session, opening one if nobody is in the meeting, and
    /// tracks the verified start (semantics.md §3 and the `unverified_start` rule). With
    /// `recordingIdentity`, the request is their latest and its identity is recorded too, in
    /// the same look-up.
    private func admit(_ request: JoinRequest, _ identity: ResolvedIdentity, recordingIdentity: Bool, expected: Bool, decision: JoinDecision, meeting: inout MeetingState, out: inout ReplayOutput) {
        // Mutated in place through `meeting.session!`: copying the session out and back made
        // every admission copy what it held (copy-on-write), measured with perf.
        if meeting.session == nil { meeting.session = Session() }
        let id = request.participantID
        let presence = PresentParticipant(role: request.role, isVerified: identity.isVerified)
        let wasPresent = Self.update(&meeting.people[ParticipantKey(id), default: Person(identity: identity.effective)]) { person in
            if recordingIdentity { person.identity = identity.effective }
            defer { person.presence = presence }
            return person.presence != nil
        }
        if !wasPresent { meeting.session!.presentCount += 1 }
        if identity.isVerified {
            if !meeting.session!.started {
                meeting.session!.started = true
                if let pending = meeting.session!.pendingUnverifiedStart {
                    out.findings.append(pending.closed(endedBy: .verifiedArrived, at: logged.event.ts, meeting: meeting))
                    meeting.session!.pendingUnverifiedStart = nil
                }
            }
        } else if !meeting.session!.started {
            if !meeting.session!.hasPendingUnverifiedStart {
                let rule: RuleName = expected ? .startAllowed : .startNotAllowed
                let because = expected
                    ? "\(decision.because); the meeting link was used with no verified participant present"
                    : "\(identity.noun.capitalizedFirst) \(id) was admitted into a session that no verified participant had started; \(decision.because)"
                let opened = finding(.unverifiedStart, rule, expected ? .low : .high, request, identity, expected: decision.expected, because: because, withIdentityPreamble: expected)
                meeting.session!.pendingUnverifiedStart = PendingUnverifiedStart(finding: opened, since: logged.event.ts, unverifiedParticipants: [ParticipantKey(id)])
            } else {
                meeting.session!.pendingUnverifiedStart!.unverifiedParticipants.insert(ParticipantKey(id))
            }
        }
    }

    private func left(_ participantID: String, meeting: inout MeetingState, out: inout ReplayOutput) {
        // One look-up in the session's table, which removes them when they are in it.
        guard !removeFromSession(participantID, meeting: &meeting, out: &out) else { return }
        if meeting.lobby.removeValue(forKey: ParticipantKey(participantID)) == nil {
            // Hanging up while waiting in the lobby is an ordinary way to leave it; leaving a
            // meeting one was never in is not.
            out.problems.append(DataQualityProblem(kind: .leftNotPresent, logged: logged,
                detail: "left for \(participantID), who was not in the meeting"))
        }
    }

    /// A session ends when the last participant in it leaves (semantics.md §3). Returns
    /// whether they were in the session.
    @discardableResult
    private func removeFromSession(_ participantID: String, meeting: inout MeetingState, out: inout ReplayOutput) -> Bool {
        guard meeting.session != nil, let index = meeting.people.index(forKey: ParticipantKey(participantID)),
              meeting.people.values[index].presence != nil else { return false }
        meeting.people.values[index].presence = nil
        leftSession(meeting: &meeting, out: &out)
        return true
    }

    /// The same for someone whose latest request put them in the lobby: their identity is
    /// recorded in the same look-up.
    private func removeFromSession(_ participantID: String, recordingIdentity identity: EffectiveIdentity, meeting: inout MeetingState, out: inout ReplayOutput) {
        let wasPresent = Self.update(&meeting.people[ParticipantKey(participantID), default: Person(identity: identity)]) { person in
            person.identity = identity
            defer { person.presence = nil }
            return person.presence != nil
        }
        if wasPresent && meeting.session != nil { leftSession(meeting: &meeting, out: &out) }
    }

    private func leftSession(meeting: inout MeetingState, out: inout ReplayOutput) {
        meeting.session!.presentCount -= 1
        if meeting.session!.presentCount == 0 { endSession(meeting: &meeting, out: &out) }
    }

    /// Changes a table's value through one access (one hash of the key), returning what
    /// `change` says.
    private static func update<Value, Result>(_ value: inout Value, _ change: (inout Value) -> Result) -> Result {
        change(&value)
    }

    private func endSession(meeting: inout MeetingState, out: inout ReplayOutput) {
        if let pending = meeting.session?.pendingUnverifiedStart {
            out.findings.append(pending.closed(endedBy: .sessionEnded, at: logged.event.ts, meeting: meeting))
        }
        meeting.session = nil
    }

    // MARK: app_action

    private func appAction(_ action: AppActionEvent, meeting: inout MeetingState, out: inout ReplayOutput) {
        guard let identity = meeting.people[ParticipantKey(action.participantID)]?.identity else {
            out.problems.append(DataQualityProblem(kind: .appActionUnknownParticipant, logged: logged,
                detail: "app_action by \(action.participantID), who never asked to join this meeting"))
            return
        }
        guard let violation = AppActionJudge.judge(action, identity: identity, configuration: settings.configuration) else { return }
        var finding = Finding(kind: .appViolation, rule: violation.rule, severity: violation.severity, logged: logged,
                              policy: organizerPolicy.name, reason: violation.because)
        finding.organizerID = organizerID
        finding.identity = identity
        finding.appID = action.appID
        finding.action = action.action
        out.findings.append(finding)
    }

    // MARK: findings and caveats

    private func finding(
        _ kind: FindingKind, _ rule: RuleName, _ severity: Severity, _ request: JoinRequest, _ identity: ResolvedIdentity,
        expected: Outcome, because: String, actor: String? = nil, withIdentityPreamble: Bool = true
    ) -> Finding {
        var sentence = because
        if withIdentityPreamble && !identity.explanation.isEmpty {
            sentence = identity.explanation + "; " + sentence
        }
        if organizerUnknown {
            sentence += " (organizer unknown: judged under meeting policy \(organizerPolicy.name))"
        } else if settings.optionsAssumed {
            sentence += " (meeting options unknown: judged under the most permissive options its organizer could set)"
        }
        var finding = Finding(kind: kind, rule: rule, severity: severity, logged: logged, policy: organizerPolicy.name, reason: sentence)
        finding.participantID = request.participantID
        finding.organizerID = organizerID
        finding.identity = identity.effective
        finding.loggedIdentity = request.identity
        finding.client = request.client
        finding.clientIP = request.clientIP
        finding.displayName = request.displayName
        finding.expected = expected
        finding.actual = kind == .unexpectedAdmit || kind == .unverifiedStart ? .admitted : nil
        if case .joinRequest(let asked) = logged.event.body { finding.actual = asked.outcome }
        finding.actorID = actor
        return finding
    }

    /// Caveats for an admission the replay allowed: the benefit of the doubt on invitations,
    /// and assumed meeting options (semantics.md §2 and §4).
    private func noteCaveats(_ decision: JoinDecision, request: JoinRequest, identity: ResolvedIdentity, started: Bool, out: inout ReplayOutput) {
        if decision.invitationUnknown { out.problems.append(invitationCaveat()) }
        guard settings.optionsAssumed else { return }
        let strict = JoinEvaluator.decide(request, identity: identity, settings: settings.withPolicyDefaults, sessionStarted: started, traced: false)
        if strict.expected < .admitted { out.problems.append(optionsCaveat(strict)) }
    }

    private func optionsCaveat(_ strict: JoinDecision) -> DataQualityProblem {
        DataQualityProblem(kind: .allowedOnlyIfOptionsChanged, logged: logged,
            detail: "allowed only if the organizer changed the meeting's options: under meeting policy \(organizerPolicy.name) as set, \(strict.because) (rule \(strict.rule.rawValue)); online meeting objects would settle it")
    }

    private func invitationCaveat() -> DataQualityProblem {
        DataQualityProblem(kind: .invitationUnknown, logged: logged,
            detail: "lobby bypass under InvitedUsers granted without knowing whether the person was invited")
    }

    private func noteOrganizerUnknown(meeting: inout MeetingState, out: inout ReplayOutput) {
        guard organizerUnknown, !meeting.reportedOrganizerUnknown else { return }
        meeting.reportedOrganizerUnknown = true
        out.problems.append(DataQualityProblem(kind: .organizerUnknown, logged: logged,
            detail: "the meeting's organizer is unknown; its events are judged under meeting policy \(organizerPolicy.name)"))
    }

    /// How many people a meeting's tables make room for at first.
    private static let typicalPeople = 8

    private static func verb(_ outcome: Outcome) -> String {
        switch outcome {
        case .admitted: "admitted them"
        case .lobby: "placed them in the lobby"
        case .rejected: "refused them"
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

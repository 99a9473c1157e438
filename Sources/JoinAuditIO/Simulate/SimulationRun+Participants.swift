import JoinAuditCore

/// People arriving, waiting in the lobby, being let in, using apps and leaving: what the
/// service does with each is `JoinEvaluator.decide` under the meeting's settings and the
/// session as it stands, unless a violation is due.
extension SimulationRun {
    // MARK: Arriving

    func arrive(_ meeting: SimulatedMeeting, _ index: Int, slot: Int32, now: Int64) throws {
        guard meeting.participants[index].state == .expected else { return }
        let person = meeting.participants[index]
        var request = joinRequest(meeting, person)
        let identity = ResolvedIdentity(of: request, organizerTenant: tenantID)
        let decision = JoinEvaluator.decide(request, identity: identity, settings: meeting.settings, sessionStarted: meeting.started, traced: false)
        var outcome = decision.expected

        let organizerPolicy = meeting.settings.policy
        var candidates: [SimulatedViolation] = []
        let anonymous = identity.effective == .anonymous
        if anonymous && !organizerPolicy.blockedAnonymousJoinClientTypes.isEmpty && !organizerPolicy.blocks(request.client) {
            candidates.append(.blockedClientLetThrough)
        }
        switch decision.expected {
        case .rejected:
            candidates += [.admittedWhenRefused, .lobbyWhenRefused]
        case .lobby:
            candidates.append(!identity.isVerified && !meeting.started ? .unverifiedStart : .admittedPastLobby)
            candidates.append(.deniedWhenAllowed)
        case .admitted:
            candidates.append(.deniedWhenAllowed)
        }
        if let violation = planner.due(candidates, lines: log.committed) {
            commit(violation)
            switch violation {
            case .blockedClientLetThrough:
                let blocked = organizerPolicy.blockedAnonymousJoinClientTypes
                // An ACS client's id has another shape: the whole request is made again.
                meeting.participants[index].client = blocked[random.below(blocked.count)].client
                request = joinRequest(meeting, meeting.participants[index])
                outcome = random.chance(0.6) ? .admitted : .lobby
            case .admittedWhenRefused, .admittedPastLobby, .unverifiedStart:
                outcome = .admitted
            case .lobbyWhenRefused:
                outcome = .lobby
            case .deniedWhenAllowed:
                outcome = decision.expected == .admitted && random.chance(0.5) ? .lobby : .rejected
            case .admittedByAttendee, .admittedBySystem, .anonymousAppManage, .anonymousAppUse:
                break
            }
        }
        request.outcome = outcome
        try write(meeting, at: now, organizer: true, .joinRequest(request))

        meeting.participants[index].isVerified = identity.isVerified
        meeting.participants[index].isEffectivelyAnonymous = anonymous
        switch outcome {
        case .admitted:
            admit(meeting, index, slot: slot, now: now)
        case .lobby:
            meeting.participants[index].state = .lobby
            meeting.participants[index].lobbySince = now
            meeting.lobby.append(Int32(index))
            queue.push(.lobbyCheck, at: now + random.millis(8_000, 45_000), meeting: slot, person: Int32(index), epoch: meeting.epoch)
        case .rejected:
            meeting.participants[index].state = .gone
        }
    }

    /// Puts a person into the session (semantics.md §3): the first verified one starts it,
    /// and the service then lets in by itself whoever waits only for that.
    func admit(_ meeting: SimulatedMeeting, _ index: Int, slot: Int32, now: Int64) {
        meeting.participants[index].state = .present
        meeting.presentCount += 1
        let person = meeting.participants[index]
        if person.isVerified {
            if person.role.mayAdmitFromLobby { meeting.admitters.append(Int32(index)) }
            if !meeting.started {
                meeting.started = true
                releaseWaiters(meeting, slot: slot, now: now)
            }
        }
        let leaveAt = max(person.leaveAt, now + 20_000)
        meeting.participants[index].leaveAt = leaveAt
        queue.push(.leave, at: leaveAt, meeting: slot, person: Int32(index), epoch: meeting.epoch)
        for _ in 0..<person.appActions {
            let at = now + random.millis(10_000, max(10_000, leaveAt - now - 5_000))
            queue.push(.appAction, at: at, meeting: slot, person: Int32(index), epoch: meeting.epoch)
        }
        meeting.participants[index].appActions = 0
    }

    /// The session has just started: those in the lobby whom the rules now let in (anonymous
    /// people under `Everyone`, dial-in callers with the PSTN bypass) are let in by the service.
    private func releaseWaiters(_ meeting: SimulatedMeeting, slot: Int32, now: Int64) {
        meeting.lobby.removeAll { meeting.participants[Int($0)].state != .lobby }
        for waiting in meeting.lobby where expectedNow(meeting, Int(waiting)).expected == .admitted {
            queue.push(.systemAdmit, at: now + random.millis(200, 1_500), meeting: slot, person: waiting, epoch: meeting.epoch)
        }
    }

    /// The decision on a person's join request as things stand now (semantics.md §5).
    func expectedNow(_ meeting: SimulatedMeeting, _ index: Int) -> JoinDecision {
        let request = joinRequest(meeting, meeting.participants[index], forDecisionOnly: true)
        let identity = ResolvedIdentity(of: request, organizerTenant: tenantID)
        return JoinEvaluator.decide(request, identity: identity, settings: meeting.settings, sessionStarted: meeting.started, traced: false)
    }

    // MARK: The lobby

    func systemAdmit(_ meeting: SimulatedMeeting, _ index: Int, slot: Int32, now: Int64) throws {
        guard meeting.participants[index].state == .lobby, expectedNow(meeting, index).expected == .admitted else { return }
        try letIn(meeting, index, by: LobbyAdmission.systemActor, slot: slot, now: now)
    }

    /// Someone looks at the lobby: an organizer, co-organizer or presenter lets the person in
    /// (or turns them away); with nobody to do it, they wait until their patience runs out.
    func lobbyCheck(_ meeting: SimulatedMeeting, _ index: Int, slot: Int32, now: Int64) throws {
        guard meeting.participants[index].state == .lobby else { return }
        let decision = expectedNow(meeting, index)
        var candidates: [SimulatedViolation] = []
        if decision.expected != .admitted { candidates.append(.admittedBySystem) }
        if meeting.presentCount > 0 { candidates.append(.admittedByAttendee) }
        if let violation = planner.due(candidates, lines: log.committed) {
            if violation == .admittedBySystem {
                commit(violation)
                return try letIn(meeting, index, by: LobbyAdmission.systemActor, slot: slot, now: now)
            }
            if let attendee = meeting.presentAttendee(&random) {
                commit(violation)
                return try letIn(meeting, index, by: participantID(meeting, meeting.participants[Int(attendee)]), slot: slot, now: now)
            }
        }
        if let admitter = meeting.eligibleAdmitter(&random) {
            let admitterID = participantID(meeting, meeting.participants[Int(admitter)])
            if decision.expected == .rejected || random.chance(0.06) {
                if decision.expected != .rejected || random.chance(0.85) {
                    return try turnAway(meeting, index, actor: admitterID, now: now)
                }
            } else {
                return try letIn(meeting, index, by: admitterID, slot: slot, now: now)
            }
        } else if decision.expected == .admitted {
            return try letIn(meeting, index, by: LobbyAdmission.systemActor, slot: slot, now: now)
        }
        let person = meeting.participants[index]
        if now - person.lobbySince > Int64(person.patience) {
            let u = random.unit()
            if u < 0.3 {
                meeting.participants[index].state = .gone
                return try write(meeting, at: now, .left(participantID: participantID(meeting, person)))
            }
            return try turnAway(meeting, index, actor: u < 0.65 ? "timeout" : nil, now: now)
        }
        queue.push(.lobbyCheck, at: now + max(5_000, scaled(random.millis(20_000, 90_000))), meeting: slot, person: Int32(index), epoch: meeting.epoch)
    }

    private func letIn(_ meeting: SimulatedMeeting, _ index: Int, by actor: String, slot: Int32, now: Int64) throws {
        let id = participantID(meeting, meeting.participants[index])
        try write(meeting, at: now, .lobbyAdmitted(LobbyAdmission(participantID: id, actorID: actor)))
        admit(meeting, index, slot: slot, now: now)
    }

    private func turnAway(_ meeting: SimulatedMeeting, _ index: Int, actor: String?, now: Int64) throws {
        meeting.participants[index].state = .gone
        let id = participantID(meeting, meeting.participants[index])
        try write(meeting, at: now, .lobbyRemoved(LobbyRemoval(participantID: id, actorID: actor)))
    }

    // MARK: In the meeting

    func appAction(_ meeting: SimulatedMeeting, _ index: Int, now: Int64) throws {
        let person = meeting.participants[index]
        guard person.state == .present else { return }
        let action: AppAction
        if person.isEffectivelyAnonymous {
            let appsOff = policy.configuration.disableAppInteractionForAnonymousUsers
            if let violation = planner.due(appsOff ? [.anonymousAppManage, .anonymousAppUse] : [.anonymousAppManage], lines: log.committed) {
                commit(violation)
                action = violation == .anonymousAppUse ? .use : [AppAction.add, .add, .configure, .remove][random.below(4)]
            } else if !appsOff {
                action = .use
            } else {
                return
            }
        } else if person.role.mayAdmitFromLobby {
            action = [AppAction.use, .add, .configure, .remove][random.weighted([0.7, 0.15, 0.1, 0.05])]
        } else {
            action = [AppAction.use, .add, .configure][random.weighted([0.9, 0.07, 0.03])]
        }
        let app = appIDs[min(appIDs.count - 1, Int(Double(appIDs.count) * random.unit() * random.unit()))]
        try write(meeting, at: now, .appAction(AppActionEvent(participantID: participantID(meeting, person), appID: app, action: action)))
    }

    func leave(_ meeting: SimulatedMeeting, _ index: Int, slot: Int32, now: Int64) throws {
        let person = meeting.participants[index]
        guard person.state == .present else { return }
        try write(meeting, at: now, .left(participantID: participantID(meeting, person)))
        meeting.participants[index].state = .gone
        meeting.presentCount -= 1
        // The last one out ends the session; whoever joins next opens a new, unstarted one.
        if meeting.presentCount == 0 { meeting.started = false }
        // A dropped call: back in a few seconds.
        if !person.hasRejoined && !person.isOrganizer && random.chance(0.03) && now + 2 * MillisecondTime.minute < meeting.end {
            meeting.participants[index].hasRejoined = true
            meeting.participants[index].state = .expected
            meeting.participants[index].leaveAt = now + random.millis(90_000, meeting.end - now)
            queue.push(.arrive, at: now + random.millis(10_000, 60_000), meeting: slot, person: Int32(index), epoch: meeting.epoch)
        }
    }

    func commit(_ violation: SimulatedViolation) {
        planner.commit(violation)
        summary.violations[violation, default: 0] += 1
    }
}

import JoinAuditCore

/// Meetings appearing, and their sessions opening and ending.
extension SimulationRun {
    /// Share of meetings organized by someone with an assigned (`Tag:`) policy, when the
    /// policy assigns any: enough for every policy of the file to be exercised all day.
    static let assignedOrganizerShare = 0.22

    func createMeeting(at now: Int64) throws {
        // The organizer, and the policy that governs the meeting.
        let organizerID: String
        let organizerKey: UInt64
        let organizerPolicy: OrganizerPolicy
        if !assignedOrganizers.isEmpty && random.chance(Self.assignedOrganizerShare) {
            let chosen = assignedOrganizers[random.below(assignedOrganizers.count)]
            organizerID = chosen.id
            organizerKey = SimulatedIdentifiers.stableHash(chosen.id)
            organizerPolicy = chosen.policy
        } else {
            // A third of the members organize meetings, some far more than others.
            let u = random.unit()
            let index = UInt64(u * u * Double(members / 3))
            organizerID = memberID(index)
            organizerKey = index
            organizerPolicy = policy.policy(forOrganizer: organizerID)
        }
        let welcomesEveryone = organizerPolicy.autoAdmittedUsers == .everyone || organizerPolicy.allowAnonymousUsersToStartMeeting
        var weights = welcomesEveryone ? MeetingKind.openWeights : MeetingKind.ordinaryWeights
        if organizerPolicy.allowPSTNUsersToBypassLobby { weights[MeetingKind.phoneConference.rawValue] *= 3 }
        let kind = MeetingKind(rawValue: random.weighted(weights))!

        var options = MeetingOptions()
        let scheduled = kind == .townHall || random.chance(0.86)
        var start = now
        var sessions = 1
        if scheduled {
            start = scheduledStart(after: now)
            if organizerPolicy.allowOrganizersToOverrideLobbySettings && random.chance(0.1) {
                if kind == .townHall || kind == .customerCall {
                    options.autoAdmittedUsers = random.chance(0.6) ? .everyone : .everyoneInSameAndFederatedCompany
                } else {
                    options.autoAdmittedUsers = random.element(of: [
                        .organizerOnly, .invitedUsers, .everyoneInCompany, .everyoneInSameAndFederatedCompany, .everyone,
                    ])
                }
                if random.chance(0.3) { options.pstnBypassLobby = random.chance(0.5) }
            }
            if (kind == .team || kind == .phoneConference) && random.chance(0.1) { sessions = random.between(2, 3) }
        }

        let settings = MeetingSettings(configuration: policy.configuration, policy: organizerPolicy, meetingOptions: options, optionsUnknown: false)
        let (meeting, slot) = allocateMeeting(settings: settings)
        meeting.meetingID = SimulatedIdentifiers.meetingID(random.next(), random.next())
        meeting.organizerID = organizerID
        meeting.organizerKey = organizerKey
        meeting.kind = kind
        meeting.isScheduled = scheduled
        meeting.options = options
        meeting.sessionsLeft = sessions - 1
        meeting.start = start
        meeting.end = sessionEnd(kind: kind, start: start)
        meeting.started = false
        meeting.presentCount = 0
        meeting.sessionsOpened = 0
        meetingsCreated += 1
        summary.meetings += 1
        reserve(meeting, Int(averageSessionLines(kind) * Double(sessions)))

        if scheduled { try writeSchedule(meeting, at: now) }
        let open = max(now, start - scaled(kind.earlyMinutes * MillisecondTime.minute))
        queue.push(.openSession, at: open, meeting: slot, epoch: meeting.epoch)
    }

    func averageSessionLines(_ kind: MeetingKind) -> Double {
        sessionLines[kind.rawValue] / sessionsPlanned[kind.rawValue]
    }

    /// A scheduled meeting starts on the hour or half hour (now and then on the quarter),
    /// minutes to hours after it was scheduled; late in the day, soon enough to end around
    /// midnight.
    func scheduledStart(after now: Int64) -> Int64 {
        let u = random.unit()
        let leadMinutes: Int64 = u < 0.55 ? random.millis(2, 30) : u < 0.85 ? random.millis(30, 120) : random.millis(120, 240)
        var earliest = now + scaled(leadMinutes * MillisecondTime.minute)
        if earliest > dayEnd - 30 * MillisecondTime.minute {
            earliest = now + scaled(random.millis(2, 5) * MillisecondTime.minute)
            if earliest > dayEnd - 35 * MillisecondTime.minute { return earliest }
        }
        let minutes: Int64 = random.chance(0.85) ? 30 : random.chance(0.75) ? 15 : 1
        let grid = max(MillisecondTime.minute, scaled(minutes * MillisecondTime.minute))
        let offset = (earliest - dayStart) % grid
        return offset == 0 ? earliest : earliest + grid - offset
    }

    /// The session's end: the scheduled length, give or take a few minutes.
    func sessionEnd(kind: MeetingKind, start: Int64) -> Int64 {
        let length = kind.minutes(&random) * MillisecondTime.minute
        let jitter = random.millis(-5 * MillisecondTime.minute, 8 * MillisecondTime.minute)
        return start + scaled(max(5 * MillisecondTime.minute, length + jitter))
    }

    func writeSchedule(_ meeting: SimulatedMeeting, at now: Int64) throws {
        // The window as booked: the length rounded to the quarter hour (scaled with the day).
        let quarter = max(MillisecondTime.minute, scaled(15 * MillisecondTime.minute))
        let length = max(quarter, (meeting.end - meeting.start + quarter / 2) / quarter * quarter)
        let schedule = MeetingSchedule(
            scheduledStart: MillisecondTime.timestamp(meeting.start),
            scheduledEnd: MillisecondTime.timestamp(meeting.start + length),
            autoAdmittedUsers: meeting.options.autoAdmittedUsers, pstnBypassLobby: meeting.options.pstnBypassLobby)
        try write(meeting, at: now, organizer: true, .meetingScheduled(schedule))
    }

    // MARK: Sessions

    func openSession(_ meeting: SimulatedMeeting, slot: Int32, now: Int64) throws {
        summary.sessions += 1
        meeting.participants.removeAll(keepingCapacity: true)
        meeting.started = false
        meeting.presentCount = 0
        var lines = planSession(meeting, now: now) + 1  // + meeting_ended
        meeting.sessionsOpened += 1
        if meeting.isScheduled && meeting.sessionsOpened > 1 {
            // A later occurrence of a recurring link: its window is logged again.
            try writeSchedule(meeting, at: now)
            lines += 1
        }
        let kind = meeting.kind.rawValue
        let expected = averageSessionLines(meeting.kind)
        sessionLines[kind] += Double(lines)
        sessionsPlanned[kind] += 1
        reserve(meeting, meeting.reserved + lines - Int(expected))
        for (i, person) in meeting.participants.enumerated() {
            queue.push(.arrive, at: person.arriveAt, meeting: slot, person: Int32(i), epoch: meeting.epoch)
        }
        queue.push(.endSession, at: max(now + 1, meeting.end), meeting: slot, epoch: meeting.epoch)
    }

    func endSession(_ meeting: SimulatedMeeting, slot: Int32, now: Int64) throws {
        try write(meeting, at: now, .meetingEnded)
        meeting.endSession()
        if meeting.sessionsLeft > 0 {
            meeting.sessionsLeft -= 1
            let gap = scaled(random.millis(60, 240) * MillisecondTime.minute)
            let start = scheduledStart(after: now + gap)
            let end = sessionEnd(kind: meeting.kind, start: start)
            if end < dayEnd {
                meeting.start = start
                meeting.end = end
                let open = max(now + 1, start - scaled(meeting.kind.earlyMinutes * MillisecondTime.minute))
                queue.push(.openSession, at: open, meeting: slot, epoch: meeting.epoch)
                return
            }
            // No room left in the day for the next occurrence: expect no more of it.
            reserve(meeting, meeting.written)
        }
        releaseMeeting(meeting, slot: slot)
    }
}

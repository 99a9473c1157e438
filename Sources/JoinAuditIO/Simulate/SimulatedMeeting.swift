import JoinAuditCore

/// One meeting link in progress: its organizer and settings, the session running on it now,
/// and who is where. The session state mirrors the replay's (semantics.md §3): the service's
/// decisions are computed from exactly what the replay will know when it judges them, so a
/// day without injected violations judges clean.
///
/// A class, reused from a free list once the meeting is over: the simulator keeps only the
/// meetings in progress.
final class SimulatedMeeting {
    var meetingID = ""
    var organizerID = ""
    /// Derives the organizer's display name.
    var organizerKey: UInt64 = 0
    var kind = MeetingKind.team
    var settings: MeetingSettings
    var isScheduled = false
    var options = MeetingOptions()
    /// Sessions still to come on this link after the current one (recurring links).
    var sessionsLeft = 0
    var sessionsOpened = 0
    var start: Int64 = 0
    var end: Int64 = 0
    /// Bumped when a session ends: actions planned for an earlier session are dropped.
    var epoch: UInt32 = 0
    /// The last `ts` written for this meeting: each event is at least 1 ms after the one
    /// before, so ordering by `ts` keeps the meeting's events in the order they happened.
    var lastWritten: Int64 = .min
    /// Lines this meeting was expected to write, and has written (for the day's budget).
    var reserved = 0
    var written = 0

    // The session, as the replay sees it.
    var started = false
    var presentCount = 0
    var participants: [SimulatedParticipant] = []
    /// People put in the lobby (some may have left it since: check their state).
    var lobby: [Int32] = []
    /// People who may let others in, once present (check their state).
    var admitters: [Int32] = []

    init(settings: MeetingSettings) {
        self.settings = settings
    }

    /// Forgets the session: `meeting_ended` empties the meeting and the lobby.
    func endSession() {
        epoch &+= 1
        started = false
        presentCount = 0
        lobby.removeAll(keepingCapacity: true)
        admitters.removeAll(keepingCapacity: true)
        for i in participants.indices where participants[i].state != .expected {
            participants[i].state = .gone
        }
    }

    /// A present, verified organizer, co-organizer or presenter, preferring the organizer.
    func eligibleAdmitter(_ random: inout SimulationRandom) -> Int32? {
        admitters.removeAll { !participants[Int($0)].isEligibleAdmitter }
        guard !admitters.isEmpty else { return nil }
        if let organizer = admitters.first(where: { participants[Int($0)].isOrganizer }), random.chance(0.7) {
            return organizer
        }
        return admitters[random.below(admitters.count)]
    }

    /// Someone present who may not let people in: an attendee (the violation of an
    /// attendee admitting from the lobby).
    func presentAttendee(_ random: inout SimulationRandom) -> Int32? {
        let n = participants.count
        guard n > 0 else { return nil }
        let offset = random.below(n)
        for k in 0..<n {
            let i = (offset + k) % n
            let p = participants[i]
            if p.state == .present && p.role == .attendee { return Int32(i) }
        }
        return nil
    }
}

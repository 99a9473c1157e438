/// Judges a stream of events, in time order, against the policy history, the way the
/// service should have handled them (semantics.md §3–§5). Feed it every event with `process`
/// and call `finish` at the end of the input.
///
/// State is per meeting and holds only who is in the lobby and the session now. Given an
/// `archive`, meetings nobody is in are moved out of memory and recalled when an event of
/// theirs comes again, so memory follows the number of meetings in progress, not the size of
/// the day.
public struct Replay: Sendable {
    public let policies: PolicyHistory
    var meetings: [MeetingKey: MeetingState] = [:]
    public private(set) var eventsJudged = 0
    /// Where meetings nobody is in go; `nil` keeps every meeting in memory.
    public var archive: (any MeetingArchive)?
    /// Log time after which a meeting nobody is in is archived even without `meeting_ended`.
    public var archiveIdleAfter: Int64 = 15 * 60 * 1_000_000_000
    /// At least how many events pass between two looks for idle meetings (more when many
    /// meetings are in memory: each look visits every one).
    public var archiveSweepInterval = 4096
    /// How many meetings may be in memory before idle ones that remember nobody are archived.
    /// Most idle meetings are scheduled ones waiting for their start: archived after 15
    /// minutes, recalled at their first join. On a 1M-event day that was 30,300 of the 67,549
    /// archivings and 32,538 of the 32,650 recalls, about half the archive's SQLite work,
    /// while never more than 4,422 meetings were in memory at once. Below this many, such a
    /// meeting (its schedule and options, a few hundred bytes) stays; one that still holds the
    /// identities of people who asked to join (a webinar whose end was never logged can hold
    /// thousands) is archived as before. Above it every idle meeting is, so memory stays
    /// bounded however large the day.
    public var archiveIdleAbove = 8192
    private var eventsSinceSweep = 0

    public init(policies: PolicyHistory) {
        self.policies = policies
    }

    public mutating func process(_ logged: LoggedEvent, into out: inout ReplayOutput) {
        // Read through `logged.event` and `logged.meetingKey` rather than copies: a copy
        // retains and releases each of their strings (perf).
        let policies = self.policies
        // Mutated in place: taking the state out and putting it back costs a hash-table
        // delete and insert per event (13% of replay time, measured with perf).
        // The default is evaluated only when the meeting is not in memory.
        let archive = self.archive
        Self.judge(logged, policies: policies,
                   meeting: &meetings[logged.meetingKey, default: Self.recallOrStart(logged.meetingKey, at: logged.event.ts, from: archive)],
                   into: &out)
        if case .meetingEnded = logged.event.body, let meeting = meetings[logged.meetingKey] {
            let key = logged.meetingKey
            if meeting.holdsNothingToRemember {
                // Nothing of this meeting outlives its end: release it, and anything an earlier
                // idle spell archived of it.
                meetings[key] = nil
                archive?.forget(key)
            } else if let archive, meeting.isDormant {
                archive.keep(meeting.dormant, for: key)
                meetings[key] = nil
            }
        }
        eventsJudged += 1
        eventsSinceSweep += 1
        // Every look visits every meeting in memory; spacing the looks by their number keeps
        // that to one visit an event, however many are open at once.
        if archive != nil, eventsSinceSweep >= max(archiveSweepInterval, meetings.count) {
            eventsSinceSweep = 0
            archiveIdleMeetings(now: logged.event.ts, evenThoseRememberingNobody: meetings.count > archiveIdleAbove)
        }
    }

    private static func recallOrStart(_ key: MeetingKey, at ts: Timestamp, from archive: (any MeetingArchive)?) -> MeetingState {
        if let archive, let dormant = archive.recall(key) { return MeetingState(dormant) }
        return MeetingState(firstEventAt: ts)
    }

    /// Archives meetings nobody has been in for `archiveIdleAfter`: a meeting whose people all
    /// left may never log `meeting_ended`. Those whose table of people is empty only when
    /// `evenThoseRememberingNobody` (see `archiveIdleAbove`).
    private mutating func archiveIdleMeetings(now: Timestamp, evenThoseRememberingNobody: Bool) {
        guard let archive else { return }
        let horizon = now.nanoseconds &- archiveIdleAfter
        var idle: [MeetingKey] = []
        // Through the index, so a meeting that stays is read in place, not copied.
        for index in meetings.indices {
            let meeting = meetings.values[index]
            guard meeting.isDormant, meeting.lastEventAt.nanoseconds <= horizon,
                  evenThoseRememberingNobody || !meeting.people.isEmpty else { continue }
            let key = meetings.keys[index]
            archive.keep(meeting.dormant, for: key)
            idle.append(key)
        }
        for key in idle { meetings[key] = nil }
    }

    private static func judge(_ logged: LoggedEvent, policies: PolicyHistory, meeting: inout MeetingState, into out: inout ReplayOutput) {
        if !meeting.tenantChecked {
            meeting.tenantChecked = true
            if let tenant = policies.policy(at: logged.event.ts).tenantID, tenant != logged.event.tenantID {
                out.problems.append(DataQualityProblem(kind: .tenantMismatch, logged: logged,
                    detail: "meeting of tenant \(logged.event.tenantID) judged by the policy of tenant \(tenant)"))
            }
        }
        if logged.event.ts > meeting.lastEventAt { meeting.lastEventAt = logged.event.ts }
        // Resolved before the judgement borrows the meeting: in one call, the borrow and the
        // change of the kept policy made Swift copy the whole meeting (perf).
        let organizerPolicy = organizerPolicy(of: logged, policies: policies, meeting: &meeting)
        let judgement = EventJudgement(logged: logged, policies: policies, meeting: meeting, organizerPolicy: organizerPolicy)
        judgement.run(meeting: &meeting, into: &out)
    }

    /// The event's organizer's meeting policy at its instant: the meeting's kept one when the
    /// event's organizer is the meeting's (or unnamed) and the same policy file is in force.
    private static func organizerPolicy(of logged: LoggedEvent, policies: PolicyHistory, meeting: inout MeetingState) -> OrganizerPolicy {
        let version = policies.index(at: logged.event.ts)
        let named = logged.event.organizerID
        guard named == nil || named == meeting.organizerID else {
            return policies.versions[version].policy(forOrganizer: named)
        }
        // Read in place: a copy of the policy file would retain everything in it.
        if meeting.resolvedPolicy.version != Int32(truncatingIfNeeded: version) {
            let place = policies.versions[version].policyPlace(forOrganizer: meeting.organizerID)
            meeting.resolvedPolicy = ResolvedPolicy(version: Int32(truncatingIfNeeded: version), place: Int32(truncatingIfNeeded: place))
        }
        return policies.versions[version].policy(atPlace: Int(meeting.resolvedPolicy.place))
    }

    /// Closes what the input left open: sessions still unverified when the input ended report
    /// their unverified time up to the meeting's last event.
    public mutating func finish(into out: inout ReplayOutput) {
        for (key, var meeting) in meetings {
            if var session = meeting.session, let pending = session.pendingUnverifiedStart {
                out.findings.append(pending.closed(endedBy: .endOfInput, at: meeting.lastEventAt, meeting: meeting))
                session.pendingUnverifiedStart = nil
                meeting.session = session
                meetings[key] = meeting
            }
        }
    }
}

extension PendingUnverifiedStart {
    func closed(endedBy: UnverifiedStretchEnd, at ts: Timestamp, meeting: MeetingState) -> Finding {
        let detail = UnverifiedStartDetail(
            unverifiedSeconds: max(0, ts.seconds(since: since)), unverifiedParticipants: unverifiedParticipants.count,
            outsideSchedule: meeting.isOutsideSchedule(since), endedBy: endedBy)
        var finding = finding
        finding.unverifiedStart = detail
        let seconds = detail.unverifiedSeconds == detail.unverifiedSeconds.rounded() ? String(Int(detail.unverifiedSeconds)) : String(detail.unverifiedSeconds)
        let people = detail.unverifiedParticipants == 1 ? "1 unverified person" : "\(detail.unverifiedParticipants) unverified people"
        var tail: String
        switch endedBy {
        case .verifiedArrived: tail = "; the session ran \(seconds) s with no verified participant (\(people)) until one arrived"
        case .sessionEnded: tail = "; the session ended after \(seconds) s without any verified participant (\(people))"
        case .endOfInput: tail = "; no verified participant had arrived \(seconds) s later, when the log ends (\(people))"
        }
        if detail.outsideSchedule == true { tail += ", and it began outside the scheduled window" }
        finding.reason += tail
        return finding
    }
}

import JoinAuditCore

/// One simulated day in progress: the agenda of actions, the meetings in progress, the
/// directory the people come from, and the log being written. `DaySimulator.run` makes one
/// and runs it to the end.
///
/// The day is a discrete-event simulation. A `nextMeeting` action makes the next meeting
/// appear and plans the one after; each meeting plans its session's people, who arrive,
/// wait, are let in, act and leave as actions in the queue. Actions run in time order, so
/// events are written in time order (but for the noise the log shipper adds).
final class SimulationRun {
    let options: SimulationOptions
    let policy: TenantPolicy
    let tenantID: String
    let dayStart: Int64
    let dayEnd: Int64
    let curve: DailyCurve
    let log: SimulatedLog

    var random: SimulationRandom
    var noise: SimulationRandom
    var queue = ActionQueue()
    var planner: ViolationPlanner
    var clock = MillisecondTime()

    /// Slots for meetings in progress, and the free ones among them.
    var meetings: [SimulatedMeeting] = []
    var freeMeetings: [Int32] = []
    var meetingsInProgress = 0

    /// Members of the tenant (directory indices), guests, and organizers with a policy
    /// assignment (sorted: dictionaries have no stable order).
    let members: Int
    let guests: Int
    let assignedOrganizers: [(id: String, policy: OrganizerPolicy)]
    let tenantSalt: UInt64
    let appIDs: [String]
    let acsResource: String
    var eventCounter: UInt64 = 0
    let eventSalt: UInt64

    /// Lines that meetings in progress are still expected to write: with the lines written,
    /// what the day has committed to, which sets the pace of new meetings.
    var outstanding = 0
    /// Lines expected of the meetings created so far, to learn the size of a meeting.
    var reservedTotal = 0.0
    var meetingsCreated = 0
    /// Lines expected of, and written by, the meetings that are over: their ratio corrects
    /// what the meetings in progress are expected to write.
    var reservedByClosed = 0.0
    var writtenByClosed = 0.0
    /// Average lines of a session, per meeting kind, learned as sessions are planned.
    var sessionLines: [Double]
    var sessionsPlanned: [Double]

    var summary = SimulationSummary()
    /// How much faster than real time meetings run: 1 up to `realTimeEvents` lines, then the
    /// number of lines over it. Beyond a million lines a tenant's day would need more meetings
    /// at once than memory should hold; instead its meetings get shorter, so that as many run
    /// at once at 10M lines as at 1M, and memory stays flat.
    let timeScale: Double
    static let realTimeEvents = 1_000_000

    init(options: SimulationOptions, policy: TenantPolicy, tenantID: String, dayStart: Int64,
         sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.options = options
        self.policy = policy
        self.tenantID = tenantID
        self.dayStart = dayStart
        dayEnd = dayStart + MillisecondTime.day
        curve = DailyCurve(dayStart: dayStart)
        random = SimulationRandom(seed: options.seed)
        noise = SimulationRandom(seed: options.seed ^ 0x0BAD_5EED_0BAD_5EED)
        planner = ViolationPlanner(rate: options.violationRate, seed: options.seed)
        log = SimulatedLog(limit: options.events, noiseRate: options.noiseRate, seed: options.seed, sink: sink)
        // About 12 lines per member and day: a member attends a few meetings.
        members = max(1000, options.events / 12)
        guests = max(100, members / 12)
        assignedOrganizers = policy.assignments.keys.sorted().map { ($0, policy.policy(forOrganizer: $0)) }
        tenantSalt = SimulatedIdentifiers.stableHash(tenantID)
        eventSalt = SimulationRandom.scramble(options.seed ^ 0x6576_656E_7473)
        appIDs = (0..<12).map { SimulatedIdentifiers.guid(index: UInt64($0), salt: 0x6170_7073) }
        acsResource = SimulatedIdentifiers.guid(index: tenantSalt, salt: 0x6163_73)
        timeScale = max(1, Double(options.events) / Double(Self.realTimeEvents))
        sessionLines = MeetingKind.allCases.map { $0.expectedEvents * 10 }
        sessionsPlanned = MeetingKind.allCases.map { _ in 10 }
    }

    func simulate() throws -> SimulationSummary {
        if options.events > 0 {
            let first = curve.nextArrival(after: dayStart, meetingsLeft: Double(options.events) / averageMeetingLines, &random)
            queue.push(.nextMeeting, at: first)
        }
        // A week past the day is a bug's loop, not a day: stop there whatever happens.
        let giveUp = dayEnd + 7 * MillisecondTime.day
        while !log.isFull, let action = queue.pop() {
            guard action.at < giveUp else { break }
            if action.kind == .nextMeeting {
                try nextMeeting(at: action.at)
                continue
            }
            let meeting = meetings[Int(action.meeting)]
            guard meeting.epoch == action.epoch else { continue }
            let now = action.at
            let person = Int(action.person)
            switch action.kind {
            case .nextMeeting: break
            case .openSession: try openSession(meeting, slot: action.meeting, now: now)
            case .arrive: try arrive(meeting, person, slot: action.meeting, now: now)
            case .lobbyCheck: try lobbyCheck(meeting, person, slot: action.meeting, now: now)
            case .systemAdmit: try systemAdmit(meeting, person, slot: action.meeting, now: now)
            case .appAction: try appAction(meeting, person, now: now)
            case .leave: try leave(meeting, person, slot: action.meeting, now: now)
            case .endSession: try endSession(meeting, slot: action.meeting, now: now)
            }
        }
        try log.finish()
        var result = log.summary
        result.meetings = summary.meetings
        result.sessions = summary.sessions
        result.violations = summary.violations
        result.orphanLeaves = summary.orphanLeaves
        result.peakMeetingsInProgress = summary.peakMeetingsInProgress
        result.peakQueuedActions = queue.peakCount
        return result
    }

    // MARK: The pace of the day

    /// A length of time in the simulated day, shortened by `timeScale`.
    @inline(__always)
    func scaled(_ ms: Int64) -> Int64 { timeScale == 1 ? ms : Int64((Double(ms) / timeScale).rounded()) }

    /// How many of the lines expected of a meeting it actually writes (rejections, people
    /// who never come, the end of the day), learned from the meetings that are over.
    var lineCorrection: Double { (writtenByClosed + 1_000) / (reservedByClosed + 1_000) }

    /// Lines a meeting writes, on average (a prior of 25 until meetings have been seen).
    var averageMeetingLines: Double { lineCorrection * (reservedTotal + 25 * 10) / Double(meetingsCreated + 10) }

    /// Lines the day has not yet committed to: the lines asked for, less those written and
    /// those the meetings in progress are expected to write. It aims past the end by about
    /// what the meetings running at midnight write (0.5% of a real-time day), so that the day
    /// fills up while they run rather than run short and need meetings after midnight.
    var uncommittedLines: Int {
        options.events + max(20, Int(Double(options.events) / (200 * timeScale))) - log.committed
            - Int(Double(outstanding) * lineCorrection)
    }

    /// Makes a meeting appear now, if the day still has lines for one, and plans the next.
    func nextMeeting(at now: Int64) throws {
        if uncommittedLines > 0 { try createMeeting(at: now) }
        let left = uncommittedLines
        guard left > 0 else {
            // Meetings in progress may write fewer lines than expected: look again later.
            queue.push(.nextMeeting, at: now + 5 * MillisecondTime.minute)
            return
        }
        let next = curve.nextArrival(after: now, meetingsLeft: Double(left) / averageMeetingLines, &random)
        queue.push(.nextMeeting, at: next)
    }

    /// Changes how many lines `meeting` is expected to write in all.
    func reserve(_ meeting: SimulatedMeeting, _ lines: Int) {
        let before = max(0, meeting.reserved - meeting.written)
        reservedTotal += Double(lines - meeting.reserved)
        meeting.reserved = lines
        outstanding += max(0, meeting.reserved - meeting.written) - before
    }

    // MARK: Meeting slots

    func allocateMeeting(settings: MeetingSettings) -> (SimulatedMeeting, Int32) {
        meetingsInProgress += 1
        if meetingsInProgress > summary.peakMeetingsInProgress { summary.peakMeetingsInProgress = meetingsInProgress }
        if let slot = freeMeetings.popLast() {
            let meeting = meetings[Int(slot)]
            meeting.settings = settings
            return (meeting, slot)
        }
        let meeting = SimulatedMeeting(settings: settings)
        meetings.append(meeting)
        return (meeting, Int32(meetings.count - 1))
    }

    func releaseMeeting(_ meeting: SimulatedMeeting, slot: Int32) {
        outstanding -= max(0, meeting.reserved - meeting.written)
        reservedByClosed += Double(meeting.reserved)
        writtenByClosed += Double(meeting.written)
        meeting.epoch &+= 1
        meeting.reserved = 0
        meeting.written = 0
        meeting.lastWritten = .min
        // Keep the room of an ordinary meeting; give back a town hall's.
        meeting.participants.removeAll(keepingCapacity: meeting.participants.capacity <= 32)
        meeting.lobby.removeAll(keepingCapacity: meeting.lobby.capacity <= 16)
        meeting.admitters.removeAll(keepingCapacity: meeting.admitters.capacity <= 16)
        meeting.options = MeetingOptions()
        meetingsInProgress -= 1
        freeMeetings.append(slot)
    }
}

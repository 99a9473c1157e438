import JoinAuditCore

/// A walk through a directory that never meets the same entry twice: a start and a step
/// coprime with the size. A small step from near the organizer gives a team of neighbours.
struct DirectoryWalk {
    private var next: UInt64
    private let step: UInt64
    private let size: UInt64

    init(size: Int, start: UInt64, maxStep: Int, _ random: inout SimulationRandom) {
        self.size = UInt64(max(size, 1))
        next = start % self.size
        var step = UInt64(random.between(1, max(1, min(maxStep, size - 1))))
        while Self.gcd(step, self.size) != 1 { step += 1 }
        self.step = step
    }

    mutating func take() -> UInt64 {
        let value = next
        next = (next + step) % size
        return value
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }
}

/// Who comes to a session, and when.
extension SimulationRun {
    /// Plans the session opening now: its people, their arrival and leaving times, app use.
    /// Returns the lines it is expected to write.
    func planSession(_ meeting: SimulatedMeeting, now: Int64) -> Int {
        let kind = meeting.kind
        let organizerPolicy = meeting.settings.policy
        let isOrganizerMember = meeting.organizerKey < UInt64(members)
        var colleagues = DirectoryWalk(
            size: members, start: isOrganizerMember ? meeting.organizerKey + 1 : random.next(),
            maxStep: kind == .townHall ? 5000 : 7, &random)
        var guestWalk = DirectoryWalk(size: guests, start: random.next(), maxStep: 97, &random)
        var partnerWalk = DirectoryWalk(size: 5000, start: random.next(), maxStep: 97, &random)
        var lines = 0

        func add(_ person: SimulatedParticipant, offset: Int64) {
            var person = person
            // Ad-hoc meetings start when their organizer calls: the others follow.
            let offset = meeting.isScheduled || person.isOrganizer ? offset : abs(offset) + scaled(random.millis(10_000, 90_000))
            person.arriveAt = max(now + 1, meeting.start + offset)
            let window = meeting.end - meeting.start
            if random.chance(0.8) || window < scaled(10 * MillisecondTime.minute) {
                person.leaveAt = meeting.end - scaled(random.millis(0, 180_000))
            } else {
                person.leaveAt = person.arriveAt + random.millis(scaled(5 * MillisecondTime.minute), window)
            }
            person.leaveAt = max(person.leaveAt, person.arriveAt + 30_000)
            person.patience = Int32(scaled(random.millis(3 * MillisecondTime.minute, 15 * MillisecondTime.minute)))
            let appsAllowed = person.kind != .anonymous || !policy.configuration.disableAppInteractionForAnonymousUsers
            lines += 2 + (person.kind == .member ? 0 : 1) + (appsAllowed ? Int(person.appActions) : 0)
            meeting.participants.append(person)
        }

        func member(role: Role = .attendee) -> SimulatedParticipant {
            var index = colleagues.take()
            if index == meeting.organizerKey { index = colleagues.take() }
            var person = SimulatedParticipant(kind: .member, key: index)
            person.role = role
            person.client = random.chance(0.97) ? .teams : .other
            person.invited = meeting.isScheduled && random.chance(kind == .townHall ? 0.6 : 0.85)
            person.address = UInt32(truncatingIfNeeded: random.next())
            person.appActions = random.chance(kind == .townHall ? 0.05 : 0.18) ? (random.chance(0.2) ? 2 : 1) : 0
            return person
        }

        // The organizer, usually first, sometimes late, now and then not at all.
        if !random.chance(0.04) {
            var organizer = SimulatedParticipant(kind: random.chance(0.02) ? .dialIn : .member, key: meeting.organizerKey)
            organizer.isOrganizer = true
            organizer.role = .organizer
            organizer.client = organizer.kind == .dialIn ? .pstn : .teams
            organizer.invited = meeting.isScheduled
            organizer.address = UInt32(truncatingIfNeeded: random.next())
            organizer.appActions = organizer.kind == .member && random.chance(0.25) ? 1 : 0
            let offset: Int64
            if !meeting.isScheduled {
                offset = 0
            } else if random.chance(0.86) {
                offset = scaled(min(120_000, max(-300_000, Int64(random.normal() * 60_000) - 60_000)))
            } else {
                offset = scaled(random.millis(180_000, 900_000))
            }
            add(organizer, offset: offset)
        }

        // Co-organizers and presenters.
        var others = kind.guestCount(&random)
        if (kind == .team || kind == .external || kind == .townHall) && random.chance(0.15) && others > 1 {
            add(member(role: .coOrganizer), offset: arrivalOffset(kind, early: true))
            others -= 1
        }
        let presenters = kind == .townHall ? random.between(1, 3) : kind == .external && random.chance(0.2) ? 1 : 0
        for _ in 0..<min(presenters, max(0, others - 1)) {
            if kind == .townHall && random.chance(0.2) {
                var speaker = partner(&partnerWalk, meeting: meeting)
                speaker.role = .presenter
                add(speaker, offset: arrivalOffset(kind, early: true))
            } else {
                add(member(role: .presenter), offset: arrivalOffset(kind, early: true))
            }
            others -= 1
        }

        // Everyone else, in the meeting kind's mix of identities.
        var mix = kind.mix
        if policy.configuration.disableAnonymousJoin || !organizerPolicy.allowAnonymousUsersToJoinMeeting {
            mix[3] *= 0.3  // the link still reaches a few, who are refused
        }
        for _ in 0..<max(0, others) {
            switch random.weighted(mix) {
            case 0:
                add(member(), offset: arrivalOffset(kind, early: false))
            case 1:
                var guest = SimulatedParticipant(kind: .guest, key: guestWalk.take())
                guest.invited = meeting.isScheduled && random.chance(0.9)
                guest.address = UInt32(truncatingIfNeeded: random.next())
                guest.appActions = random.chance(0.1) ? 1 : 0
                add(guest, offset: arrivalOffset(kind, early: false))
            case 2:
                add(partner(&partnerWalk, meeting: meeting), offset: arrivalOffset(kind, early: false))
            case 3:
                add(anonymous(meeting), offset: arrivalOffset(kind, early: kind == .townHall || kind == .customerCall))
            default:
                var caller = SimulatedParticipant(kind: .dialIn, key: random.next())
                caller.client = .pstn
                caller.invited = meeting.isScheduled && random.chance(0.3)
                add(caller, offset: arrivalOffset(kind, early: false))
            }
        }
        return lines
    }

    /// Someone from a partner organization: mostly federated, now and then from an
    /// organization without mutual trust or with external access off on their account.
    private func partner(_ walk: inout DirectoryWalk, meeting: SimulatedMeeting) -> SimulatedParticipant {
        let organization = random.chance(0.88)
            ? random.element(of: PartnerOrganization.mutualIndices)
            : random.element(of: PartnerOrganization.oneWayIndices)
        var person = SimulatedParticipant(kind: .partner, key: UInt64(organization) << 32 | walk.take())
        person.partner = UInt8(organization)
        person.externalAccess = random.chance(0.96)
        person.invited = meeting.isScheduled && random.chance(0.85)
        person.address = UInt32(truncatingIfNeeded: random.next())
        person.appActions = random.chance(0.1) ? 1 : 0
        return person
    }

    private func anonymous(_ meeting: SimulatedMeeting) -> SimulatedParticipant {
        let organizerPolicy = meeting.settings.policy
        var person = SimulatedParticipant(kind: .anonymous, key: random.next())
        let acsShare = organizerPolicy.blocks(.acs) ? 0.04 : meeting.kind == .customerCall ? 0.45 : 0.12
        let u = random.unit()
        person.client = u < acsShare ? .acs : u < acsShare + 0.02 ? .other : .teams
        person.invited = meeting.isScheduled && random.chance(0.2)
        person.address = UInt32(truncatingIfNeeded: random.next())
        let name = random.unit()
        person.nameChoice = name < 0.015 ? 2 : name < 0.5 ? 1 : 0
        let busy = meeting.kind == .townHall || meeting.kind == .customerCall
        person.appActions = random.chance(busy ? 0.35 : 0.12) ? 1 : 0
        return person
    }

    /// When someone arrives relative to the scheduled start: most around it, some a few
    /// minutes late, a few very late; early for public events.
    private func arrivalOffset(_ kind: MeetingKind, early: Bool) -> Int64 {
        if early && random.chance(0.4) { return scaled(random.millis(-kind.earlyMinutes * MillisecondTime.minute, -60_000)) }
        let u = random.unit()
        if u < 0.6 { return scaled(random.millis(-180_000, 60_000)) }
        if u < 0.9 { return scaled(random.millis(60_000, 300_000)) }
        return scaled(random.millis(300_000, 20 * MillisecondTime.minute))
    }
}

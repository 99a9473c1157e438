import JoinAuditCore

/// Turning the simulation's numbers into events: ids, names and addresses, and the line
/// written for each.
extension SimulationRun {
    private static let memberSalt: UInt64 = 0x6D65_6D62_6572
    private static let guestSalt: UInt64 = 0x6775_6573_74
    private static let partnerSalt: UInt64 = 0x7061_7274_6E65_72
    /// First octets of public IPv4 ranges that home and partner connections come from.
    private static let publicFirstOctets = [20, 23, 31, 37, 45, 51, 62, 77, 81, 86, 88, 91, 94, 104, 109, 141, 145, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217]

    /// A member's id: the directory's GUID for index `index` of this tenant.
    func memberID(_ index: UInt64) -> String {
        SimulatedIdentifiers.guid(index: index, salt: tenantSalt ^ Self.memberSalt)
    }

    func participantID(_ meeting: SimulatedMeeting, _ person: SimulatedParticipant) -> String {
        if person.isOrganizer { return meeting.organizerID }
        switch person.kind {
        case .member:
            return memberID(person.key)
        case .guest:
            return SimulatedIdentifiers.guid(index: person.key, salt: tenantSalt ^ Self.guestSalt)
        case .partner:
            return SimulatedIdentifiers.guid(index: person.key, salt: Self.partnerSalt)
        case .anonymous:
            let session = SimulatedIdentifiers.guid(person.key, SimulationRandom.scramble(person.key))
            return person.client == .acs ? "8:acs:" + acsResource + "_" + session : "8:teamsvisitor:" + session
        case .dialIn:
            return "8:pstn:" + SimulatedIdentifiers.guid(person.key, SimulationRandom.scramble(person.key))
        }
    }

    func displayName(_ meeting: SimulatedMeeting, _ person: SimulatedParticipant) -> String {
        switch person.kind {
        case .member:
            return SimulatedNames.person(person.isOrganizer ? meeting.organizerKey : person.key ^ tenantSalt)
        case .guest:
            return SimulatedNames.person(person.key ^ Self.guestSalt) + " (Guest)"
        case .partner:
            return SimulatedNames.person(person.key ^ Self.partnerSalt) + " (" + PartnerOrganization.all[Int(person.partner)].name + ")"
        case .anonymous:
            switch person.nameChoice {
            case 2: return SimulatedNames.hostile[Int(person.key % UInt64(SimulatedNames.hostile.count))]
            case 1: return SimulatedNames.person(person.key)
            default: return SimulatedNames.anonymous[Int(person.key % UInt64(SimulatedNames.anonymous.count))]
            }
        case .dialIn:
            return SimulatedNames.telephone(person.isOrganizer ? meeting.organizerKey : person.key)
        }
    }

    /// The corporate network for most members; public addresses (some IPv6) for the rest;
    /// none for telephones.
    func clientIP(_ person: SimulatedParticipant) -> String? {
        guard person.client != .pstn else { return nil }
        let a = Int(person.address)
        if person.kind == .member && a & 3 != 0 {
            return SimulatedIdentifiers.ipv4(10, a >> 8 & 255, a >> 16 & 255, (a >> 24) % 254 + 1)
        }
        if a % 10 == 0 {
            return SimulatedIdentifiers.hex("2a02:", UInt64(a >> 4 & 0xFFF), digits: 3) + ":" + SimulatedIdentifiers.hex("", UInt64(a >> 16), digits: 4) + "::" + String(a >> 8 & 0xFF, radix: 16)
        }
        let first = Self.publicFirstOctets[a % Self.publicFirstOctets.count]
        return SimulatedIdentifiers.ipv4(first, a >> 8 & 255, a >> 16 & 255, (a >> 24) % 254 + 1)
    }

    /// The person's join request as the service logs it. For a decision only, the strings the
    /// evaluator never reads are left empty.
    func joinRequest(_ meeting: SimulatedMeeting, _ person: SimulatedParticipant, forDecisionOnly: Bool = false) -> JoinRequest {
        let partner = person.kind == .partner ? PartnerOrganization.all[Int(person.partner)] : nil
        return JoinRequest(
            participantID: forDecisionOnly ? "" : participantID(meeting, person),
            displayName: forDecisionOnly ? nil : displayName(meeting, person),
            identity: person.loggedIdentity, homeTenantID: partner?.tenantID, trust: partner?.trust,
            externalAccess: person.externalAccess, role: person.role, invited: person.invited, client: person.client,
            clientIP: forDecisionOnly ? nil : clientIP(person), outcome: .admitted)
    }

    /// Writes one event of `meeting`, at least 1 ms after its previous one, and counts it
    /// against what the meeting was expected to write. Nothing once the day is full.
    func write(_ meeting: SimulatedMeeting, at ms: Int64, organizer: Bool = false, _ body: EventBody) throws {
        guard !log.isFull else { return }
        let ts = max(ms, meeting.lastWritten + 1)
        meeting.lastWritten = ts
        try log.write(event(meeting, at: ts, organizer: organizer, body), at: ts)
        meeting.written += 1
        if meeting.written <= meeting.reserved { outstanding -= 1 }
        // Now and then the log holds a `left` for somebody who was never there.
        if options.noiseRate > 0 && noise.chance(options.noiseRate / 10) && !log.isFull {
            let ghost = SimulatedIdentifiers.guid(noise.next(), noise.next())
            let at = ts + noise.millis(1, 3_000)
            meeting.lastWritten = at
            summary.orphanLeaves += 1
            try log.write(event(meeting, at: at, organizer: false, .left(participantID: ghost)), at: at)
        }
    }

    private func event(_ meeting: SimulatedMeeting, at ts: Int64, organizer: Bool, _ body: EventBody) -> Event {
        eventCounter += 1
        return Event(
            id: SimulatedIdentifiers.ulid(ms: ts, run: eventSalt, sequence: eventCounter),
            ts: MillisecondTime.timestamp(ts), tsText: clock.text(ts), tenantID: tenantID, meetingID: meeting.meetingID,
            organizerID: organizer ? meeting.organizerID : nil, body: body)
    }
}

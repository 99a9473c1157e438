import JoinAuditCore

/// A dormant meeting as bytes, for the archive's blob column: a tag byte per optional, integers
/// little-endian, texts length-prefixed. Private to one run's archive, so no version is kept.
enum DormantMeetingCoding {
    static func encode(_ meeting: DormantMeeting, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        putText(meeting.organizerID, &bytes)
        putInstant(meeting.scheduledStart, &bytes)
        putInstant(meeting.scheduledEnd, &bytes)
        putText(meeting.options.autoAdmittedUsers?.rawValue, &bytes)
        putFlag(meeting.options.pstnBypassLobby, &bytes)
        putFlag(meeting.optionsKnown, &bytes)
        putInteger(meeting.lastEventAt.nanoseconds, &bytes)
        putFlag(meeting.reportedOrganizerUnknown, &bytes)
        putFlag(meeting.tenantChecked, &bytes)
        putInteger(Int64(meeting.latestIdentity.count), &bytes)
        for (participant, identity) in meeting.latestIdentity {
            putText(participant.id, &bytes)
            putText(identity.rawValue, &bytes)
        }
    }

    /// `nil` when the bytes are not a dormant meeting this coding wrote.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> DormantMeeting? {
        var reader = Reader(bytes: bytes)
        guard let organizer = reader.text(), let start = reader.instant(), let end = reader.instant(),
              let auto = reader.text(), let pstn = reader.flag(), let known = reader.flag(), let known,
              let last = reader.integer(), let reported = reader.flag(), let reported,
              let checked = reader.flag(), let checked, let count = reader.integer(), count >= 0
        else { return nil }
        var options = MeetingOptions(pstnBypassLobby: pstn)
        if let auto {
            guard let value = AutoAdmittedUsers(rawValue: auto) else { return nil }
            options.autoAdmittedUsers = value
        }
        var identities: [ParticipantKey: EffectiveIdentity] = [:]
        identities.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let participant = reader.text(), let participant, let raw = reader.text(), let raw,
                  let identity = EffectiveIdentity(rawValue: raw) else { return nil }
            identities[ParticipantKey(participant)] = identity
        }
        guard reader.atEnd else { return nil }
        return DormantMeeting(
            organizerID: organizer, scheduledStart: start, scheduledEnd: end, options: options, optionsKnown: known,
            latestIdentity: identities, lastEventAt: Timestamp(nanoseconds: last), reportedOrganizerUnknown: reported,
            tenantChecked: checked)
    }

    private static func putInteger(_ value: Int64, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func putText(_ value: String?, _ bytes: inout [UInt8]) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        putInteger(Int64(value.utf8.count), &bytes)
        bytes.append(contentsOf: value.utf8)
    }

    private static func putInstant(_ value: Timestamp?, _ bytes: inout [UInt8]) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        putInteger(value.nanoseconds, &bytes)
    }

    private static func putFlag(_ value: Bool?, _ bytes: inout [UInt8]) {
        bytes.append(value.map { $0 ? 2 : 1 } ?? 0)
    }

    /// Each read answers `nil` when the bytes run out or a tag is unknown; an inner `nil` is a
    /// stored absent value.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func integer() -> Int64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: Int64 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 8])) }
            offset += 8
            return Int64(littleEndian: value)
        }

        mutating func text() -> String?? {
            switch byte() {
            case 0: return .some(nil)
            case 1:
                guard let count = integer(), count >= 0, bytes.count - offset >= Int(count) else { return nil }
                defer { offset += Int(count) }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(count)]), as: UTF8.self)
            default: return nil
            }
        }

        mutating func instant() -> Timestamp?? {
            switch byte() {
            case 0: return .some(nil)
            case 1: return integer().map { Timestamp(nanoseconds: $0) }
            default: return nil
            }
        }

        mutating func flag() -> Bool?? {
            switch byte() {
            case 0: return .some(nil)
            case 1: return .some(false)
            case 2: return .some(true)
            default: return nil
            }
        }
    }
}

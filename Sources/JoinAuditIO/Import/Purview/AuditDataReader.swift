/// Reads the `AuditData` JSON of an audit record in one pass over its bytes, taking the
/// fields sources.md lists and skipping (but validating) the rest: a record of ~1 KiB costs
/// one scan and a string per kept field, which is what lets a Purview export be analyzed at
/// about the speed of our own log (Foundation's `JSONSerialization` measured ~95k lines/s).
///
/// Lenient about fields the mapping does not need (wrong types are ignored), strict about
/// those it does: `Id`, `Operation`, `OrganizationId`, `MeetingDetailId`, the times and
/// `Attendees[].RecipientType` must be strings when present, and a field read twice is a
/// bad record (two readers could pick different copies). The same reader takes a whole
/// Management Activity API record, and a `ConvertTo-Json` record whose `AuditData` is an
/// object or a JSON string.
enum AuditDataReader {
    /// Reads the record in `bytes` (one JSON object).
    static func read(_ bytes: UnsafeRawBufferPointer) throws(ImportProblem) -> AuditRecord {
        var scanner = JSONLineScanner(bytes)
        do {
            let record = try readObject(&scanner, nested: false)
            try scanner.expectEnd()
            return record
        } catch {
            throw ImportProblem.notJSON(error.field == nil ? "AuditData" : nil, error)
        }
    }

    private enum Key: Int {
        case id, operation, organizationID, meetingDetailID, joinTime, leaveTime, clientIP, isJoinedFromLobby
        case attendees, extraProperties, organizer, startTime, endTime, chatThreadID, meetingURL, auditData

        init?(_ b: UnsafeRawBufferPointer) {
            typealias S = JSONLineScanner
            switch b.count {
            case 2: if S.equal(b, "Id") { self = .id; return }
            case 7: if S.equal(b, "EndTime") { self = .endTime; return }
            case 8:
                if S.equal(b, "JoinTime") { self = .joinTime; return }
                if S.equal(b, "ClientIP") { self = .clientIP; return }
            case 9:
                if S.equal(b, "Operation") { self = .operation; return }
                if S.equal(b, "LeaveTime") { self = .leaveTime; return }
                if S.equal(b, "Attendees") { self = .attendees; return }
                if S.equal(b, "Organizer") { self = .organizer; return }
                if S.equal(b, "StartTime") { self = .startTime; return }
                if S.equal(b, "AuditData") { self = .auditData; return }
            case 10: if S.equal(b, "MeetingURL") { self = .meetingURL; return }
            case 12: if S.equal(b, "ChatThreadId") { self = .chatThreadID; return }
            case 14: if S.equal(b, "OrganizationId") { self = .organizationID; return }
            case 15:
                if S.equal(b, "MeetingDetailId") { self = .meetingDetailID; return }
                if S.equal(b, "ExtraProperties") { self = .extraProperties; return }
            case 17: if S.equal(b, "IsJoinedFromLobby") { self = .isJoinedFromLobby; return }
            default: break
            }
            return nil
        }

        var name: String {
            switch self {
            case .id: "Id"
            case .operation: "Operation"
            case .organizationID: "OrganizationId"
            case .meetingDetailID: "MeetingDetailId"
            case .joinTime: "JoinTime"
            case .leaveTime: "LeaveTime"
            case .clientIP: "ClientIP"
            case .isJoinedFromLobby: "IsJoinedFromLobby"
            case .attendees: "Attendees"
            case .extraProperties: "ExtraProperties"
            case .organizer: "Organizer"
            case .startTime: "StartTime"
            case .endTime: "EndTime"
            case .chatThreadID: "ChatThreadId"
            case .meetingURL: "MeetingURL"
            case .auditData: "AuditData"
            }
        }

        /// Fields that must be strings (or null) when present.
        var isStrict: Bool {
            switch self {
            case .id, .operation, .organizationID, .meetingDetailID, .joinTime, .leaveTime, .startTime, .endTime: true
            default: false
            }
        }
    }

    /// The string fields of a record, without an array's allocation per record.
    private struct Texts {
        var id, operation, organizationID, meetingDetailID, joinTime, leaveTime, clientIP: String?
        var startTime, endTime, chatThreadID, meetingURL: String?

        subscript(_ key: Key) -> String? {
            get {
                switch key {
                case .id: id
                case .operation: operation
                case .organizationID: organizationID
                case .meetingDetailID: meetingDetailID
                case .joinTime: joinTime
                case .leaveTime: leaveTime
                case .clientIP: clientIP
                case .startTime: startTime
                case .endTime: endTime
                case .chatThreadID: chatThreadID
                case .meetingURL: meetingURL
                default: nil
                }
            }
            set {
                switch key {
                case .id: id = newValue
                case .operation: operation = newValue
                case .organizationID: organizationID = newValue
                case .meetingDetailID: meetingDetailID = newValue
                case .joinTime: joinTime = newValue
                case .leaveTime: leaveTime = newValue
                case .clientIP: clientIP = newValue
                case .startTime: startTime = newValue
                case .endTime: endTime = newValue
                case .chatThreadID: chatThreadID = newValue
                case .meetingURL: meetingURL = newValue
                default: break
                }
            }
        }
    }

    /// The object at the scanner's position. `nested` is true for an `AuditData` object inside
    /// a `ConvertTo-Json` record (which has no `AuditData` of its own).
    private static func readObject(_ s: inout JSONLineScanner, nested: Bool) throws(LineProblem) -> AuditRecord {
        var seen: UInt32 = 0
        var texts = Texts()
        var isJoinedFromLobby = false
        var attendee: AuditAttendee?
        var attendeeCount = 0
        var userAgent: String?
        var organizer = AuditInviter()
        var inner: AuditRecord?
        s.skipWhitespace()
        guard s.peek(UInt8(ascii: "{")) else {
            throw LineProblem(field: nested ? "AuditData" : nil, .wrongType(expected: "an object", found: s.peekKind().map(JSONLineScanner.phrase) ?? "nothing"))
        }
        try s.walkObject { (s, name) throws(LineProblem) in
            guard let key = s.withBytes(of: name, { Key($0) }), !(nested && key == .auditData) else {
                _ = try s.scanValue()
                return
            }
            let bit: UInt32 = 1 << UInt32(key.rawValue)
            guard seen & bit == 0 else { throw LineProblem(field: key.name, .duplicateField) }
            seen |= bit
            let outerField = s.field
            s.field = name
            defer { s.field = outerField }
            switch key {
            case .isJoinedFromLobby:
                let token = try s.scanValue()
                isJoinedFromLobby = token.kind == .true
                    || (token.kind == .string && s.withBytes(of: token) { $0.count == 4 && ($0[0] | 0x20) == UInt8(ascii: "t") })
            case .attendees:
                (attendee, attendeeCount) = try readAttendees(&s)
            case .extraProperties:
                userAgent = try readUserAgent(&s)
            case .organizer:
                organizer = try readPerson(&s, path: "Organizer")
            case .auditData:
                inner = try readNested(&s)
            default:
                let token = try s.scanValue()
                switch token.kind {
                case .string: texts[key] = s.string(token)
                case .null: break
                default:
                    if key.isStrict {
                        throw LineProblem(field: key.name, .wrongType(expected: "a string", found: JSONLineScanner.phrase(token.kind)))
                    }
                }
            }
        }
        if let inner { return inner }
        func text(_ key: Key) -> String? { texts[key] }
        switch text(.operation) {
        case "MeetingParticipantDetail"?:
            return .participant(ParticipantDetailRecord(
                id: text(.id), organizationID: text(.organizationID), meetingDetailID: text(.meetingDetailID),
                joinTime: text(.joinTime), leaveTime: text(.leaveTime), clientIP: text(.clientIP),
                isJoinedFromLobby: isJoinedFromLobby, userAgent: userAgent, attendee: attendee, attendeeCount: attendeeCount))
        case "MeetingDetail"?:
            return .meeting(MeetingDetailRecord(
                id: text(.id), organizationID: text(.organizationID), organizerUserObjectID: organizer.userObjectID,
                organizerUPN: organizer.upn, organizerOrganizationID: organizer.organizationID,
                startTime: text(.startTime), endTime: text(.endTime), chatThreadID: text(.chatThreadID),
                meetingURL: text(.meetingURL)))
        default:
            return .other(operation: text(.operation) ?? "")
        }
    }

    /// `AuditData` inside a `ConvertTo-Json` record: an object, or the object as a JSON string.
    private static func readNested(_ s: inout JSONLineScanner) throws(LineProblem) -> AuditRecord? {
        switch s.peekKind() {
        case .object?:
            return try readObject(&s, nested: true)
        case .string?:
            let token = try s.scanValue()
            return try s.withBytes(of: token) { bytes in
                Result { () throws(LineProblem) in
                    var inner = JSONLineScanner(bytes)
                    let record = try readObject(&inner, nested: true)
                    try inner.expectEnd()
                    return record
                }
            }.mapError { LineProblem(field: ["AuditData", $0.field].compactMap { $0 }.joined(separator: "."), $0.reason) }.get()
        default:
            let token = try s.scanValue()
            if token.kind == .null { return nil }
            throw LineProblem(field: "AuditData", .wrongType(expected: "an object or a JSON string", found: JSONLineScanner.phrase(token.kind)))
        }
    }

    /// `Attendees`: the first entry, and how many there are. One object instead of a list is
    /// taken as a one-entry list (that is how `ConvertTo-Json` writes one-element arrays).
    private static func readAttendees(_ s: inout JSONLineScanner) throws(LineProblem) -> (AuditAttendee?, Int) {
        switch s.peekKind() {
        case .object?:
            return (try readAttendee(&s), 1)
        case .array?:
            var first: AuditAttendee?
            var count = 0
            try s.walkArray { (s, index) throws(LineProblem) in
                count += 1
                if index == 0 {
                    guard s.peekKind() == .object else {
                        throw LineProblem(field: "Attendees[0]", .wrongType(expected: "an object", found: s.peekKind().map(JSONLineScanner.phrase) ?? "nothing"))
                    }
                    first = try readAttendee(&s)
                } else {
                    _ = try s.scanValue()
                }
            }
            return (first, count)
        default:
            _ = try s.scanValue()
            return (nil, 0)
        }
    }

    private static func readAttendee(_ s: inout JSONLineScanner) throws(LineProblem) -> AuditAttendee {
        var attendee = AuditAttendee()
        try s.walkObject { (s, name) throws(LineProblem) in
            let key = s.withBytes(of: name) { b -> Int in
                if JSONLineScanner.equal(b, "RecipientType") { return 0 }
                if JSONLineScanner.equal(b, "UserObjectId") { return 1 }
                if JSONLineScanner.equal(b, "DisplayName") { return 2 }
                if JSONLineScanner.equal(b, "UPN") { return 3 }
                if JSONLineScanner.equal(b, "OrganizationId") { return 4 }
                if JSONLineScanner.equal(b, "Role") { return 5 }
                if JSONLineScanner.equal(b, "InviterInfo") { return 6 }
                return -1
            }
            if key == 6 {
                attendee.inviter = s.peekKind() == .object ? try readPerson(&s, path: "Attendees[0].InviterInfo") : nil
                if attendee.inviter == nil { _ = try s.scanValue() }
                return
            }
            let token = try s.scanValue()
            guard key >= 0 else { return }
            if key == 0 && token.kind != .string && token.kind != .null {
                throw LineProblem(field: "Attendees[0].RecipientType", .wrongType(expected: "a string", found: JSONLineScanner.phrase(token.kind)))
            }
            let value = s.text(token)
            switch key {
            case 0: attendee.recipientType = value
            case 1: attendee.userObjectID = value
            case 2: attendee.displayName = value
            case 3: attendee.upn = value
            case 4: attendee.organizationID = value
            default: attendee.role = value
            }
        }
        return attendee
    }

    /// `Organizer` or `InviterInfo`: `UserObjectId`, `UPN`, `OrganizationId`.
    private static func readPerson(_ s: inout JSONLineScanner, path: String) throws(LineProblem) -> AuditInviter {
        var person = AuditInviter()
        guard s.peekKind() == .object else {
            _ = try s.scanValue()
            return person
        }
        try s.walkObject { (s, name) throws(LineProblem) in
            let token = try s.scanValue()
            if s.nameIs(name, "UserObjectId") {
                person.userObjectID = s.text(token)
            } else if s.nameIs(name, "UPN") {
                person.upn = s.text(token)
            } else if s.nameIs(name, "OrganizationId") {
                person.organizationID = s.text(token)
            }
        }
        return person
    }

    /// `ExtraProperties`: the value of the entry whose `Key` is `UserAgent` (any case).
    private static func readUserAgent(_ s: inout JSONLineScanner) throws(LineProblem) -> String? {
        guard s.peekKind() == .array else {
            _ = try s.scanValue()
            return nil
        }
        var userAgent: String?
        try s.walkArray { (s, _) throws(LineProblem) in
            guard s.peekKind() == .object else {
                _ = try s.scanValue()
                return
            }
            var isUserAgent = false
            var value: String?
            try s.walkObject { (s, name) throws(LineProblem) in
                let token = try s.scanValue()
                if s.nameIs(name, "Key") {
                    isUserAgent = token.kind == .string && s.withBytes(of: token) { Self.equalIgnoringCase($0, "useragent") }
                } else if s.nameIs(name, "Value") {
                    value = s.text(token)
                }
            }
            if isUserAgent, userAgent == nil { userAgent = value }
        }
        return userAgent
    }

    private static func equalIgnoringCase(_ b: UnsafeRawBufferPointer, _ lower: StaticString) -> Bool {
        guard b.count == lower.utf8CodeUnitCount else { return false }
        for k in 0..<b.count {
            var c = b[k]
            if c &- UInt8(ascii: "A") < 26 { c |= 0x20 }
            guard c == lower.utf8Start[k] else { return false }
        }
        return true
    }
}

/// A Graph meeting attendance report (sources.md §3), with what JoinAudit reads of it.
public struct AttendanceReport: Sendable, Equatable {
    public var id: String?
    /// The online meeting the report is of: Graph names it only in the request URL, which a
    /// saved response keeps in `@odata.context` (`…/onlineMeetings('…')/attendanceReports…`).
    public var meetingID: String?
    public var meetingStartDateTime: String?
    public var meetingEndDateTime: String?
    public var records: [AttendanceRecord]

    public init(id: String? = nil, meetingID: String? = nil, meetingStartDateTime: String? = nil, meetingEndDateTime: String? = nil, records: [AttendanceRecord] = []) {
        self.id = id
        self.meetingID = meetingID
        self.meetingStartDateTime = meetingStartDateTime
        self.meetingEndDateTime = meetingEndDateTime
        self.records = records
    }
}

/// One person's attendance: who, in which role, and their join/leave intervals.
public struct AttendanceRecord: Sendable, Equatable {
    /// The identity's `@odata.type` (`#microsoft.graph.communicationsUserIdentity`, …), if given.
    public var identityType: String?
    public var id: String?
    public var displayName: String?
    public var tenantID: String?
    public var emailAddress: String?
    /// `Organizer`, `Presenter`, `Attendee`, `None`.
    public var role: String?
    public var intervals: [AttendanceInterval]

    public init(
        identityType: String? = nil, id: String? = nil, displayName: String? = nil, tenantID: String? = nil,
        emailAddress: String? = nil, role: String? = nil, intervals: [AttendanceInterval] = []
    ) {
        self.identityType = identityType
        self.id = id
        self.displayName = displayName
        self.tenantID = tenantID
        self.emailAddress = emailAddress
        self.role = role
        self.intervals = intervals
    }
}

public struct AttendanceInterval: Sendable, Equatable {
    public var joinDateTime: String?
    public var leaveDateTime: String?

    public init(joinDateTime: String? = nil, leaveDateTime: String? = nil) {
        self.joinDateTime = joinDateTime
        self.leaveDateTime = leaveDateTime
    }
}

extension AttendanceReport {
    /// A report (with `attendanceRecords` expanded), from its JSON and the `@odata.context`
    /// of the page it came in.
    init(json node: JSONNode, context: String?) throws(ImportProblem) {
        guard node.object != nil else { throw ImportProblem("expected an attendance report object, found \(node.phrase)") }
        let ownContext = node["@odata.context"]?.string
        self.init(
            id: node["id"]?.string ?? Self.key(after: "attendanceReports", in: ownContext ?? context),
            meetingID: Self.key(after: "onlineMeetings", in: ownContext ?? context),
            meetingStartDateTime: node["meetingStartDateTime"]?.string, meetingEndDateTime: node["meetingEndDateTime"]?.string,
            records: (node["attendanceRecords"]?.array ?? []).map(AttendanceRecord.init(json:)))
    }

    /// The key in `…/<segment>('<key>')…` of an OData context URL.
    static func key(after segment: String, in context: String?) -> String? {
        guard let context, let range = context.firstRange(of: segment + "('") else { return nil }
        let rest = context[range.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        let key = String(rest[..<end])
        return key.isEmpty ? nil : key
    }
}

extension AttendanceRecord {
    init(json node: JSONNode) {
        let identity = node["identity"]
        self.init(
            identityType: identity?["@odata.type"]?.string, id: identity?["id"]?.string,
            displayName: identity?["displayName"]?.string, tenantID: identity?["tenantId"]?.string,
            emailAddress: node["emailAddress"]?.string, role: node["role"]?.string,
            intervals: (node["attendanceIntervals"]?.array ?? []).map {
                AttendanceInterval(joinDateTime: $0["joinDateTime"]?.string, leaveDateTime: $0["leaveDateTime"]?.string)
            })
    }
}

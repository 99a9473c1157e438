import JoinAuditCore

/// What the input says about a meeting besides its joins: its tenant and organizer (from a
/// `MeetingDetail` record, a call record's organizer, an attendance report's organizer) and
/// when it started.
public struct MeetingFacts: Sendable, Equatable {
    public var tenantID: String?
    public var organizerID: String?
    /// The organizer's UPN, to recognise them in an `InviterInfo`.
    public var organizerUPN: String?
    public var start: Timestamp?

    public init(tenantID: String? = nil, organizerID: String? = nil, organizerUPN: String? = nil, start: Timestamp? = nil) {
        self.tenantID = tenantID
        self.organizerID = organizerID
        self.organizerUPN = organizerUPN
        self.start = start
    }
}

/// The facts of every meeting in the input, gathered by a first pass over all inputs before
/// any participant record is mapped: audit records arrive in any order and over several
/// files, and a participant record names its meeting's `MeetingDetail` record only by id.
/// Bounded by the number of meetings (a few hundred bytes each), never by the day's joins.
///
/// Meetings are keyed by the id their events carry (`MeetingDetail.Id`, a call record's
/// `joinWebUrl`, an online meeting's id for attendance reports), and indexed by join link
/// and chat thread so that online meeting objects find the meetings they describe.
public struct MeetingDirectory: Sendable {
    public private(set) var meetings: [String: MeetingFacts] = [:]
    private var byLink: [String: [String]] = [:]
    private var byThread: [String: [String]] = [:]
    /// The earliest meeting start of the input: its day is "the input's day".
    public private(set) var earliest: Timestamp?

    public init() {}

    /// A `MeetingDetail` record. The first record of a meeting wins (re-exports repeat it).
    public mutating func add(_ detail: MeetingDetailRecord) {
        guard let id = detail.id, !id.isEmpty else { return }
        let start = (try? SourceTime.parseOptional(detail.startTime, field: "StartTime"))??.0
        add(id, MeetingFacts(
            tenantID: detail.organizationID ?? detail.organizerOrganizationID, organizerID: detail.organizerUserObjectID,
            organizerUPN: detail.organizerUPN, start: start),
            link: detail.meetingURL, thread: detail.chatThreadID)
    }

    /// A meeting known by another source (a call record's join link, an attendance report's
    /// online meeting id).
    public mutating func add(_ meetingID: String, _ facts: MeetingFacts, link: String? = nil, thread: String? = nil) {
        if meetings[meetingID] == nil {
            meetings[meetingID] = facts
            if let link, let key = Self.linkKey(link) { byLink[key, default: []].append(meetingID) }
            if let thread, !thread.isEmpty { byThread[thread.lowercased(), default: []].append(meetingID) }
        }
        if let start = facts.start, earliest.map({ start < $0 }) ?? true { earliest = start }
    }

    /// The meetings an online meeting object describes: those with its join link or chat
    /// thread, and the one with its own id (attendance reports are keyed so). In a stable order.
    public func meetings(link: String?, thread: String?, onlineMeetingID: String?) -> [(id: String, facts: MeetingFacts)] {
        var ids: [String] = []
        if let link, let key = Self.linkKey(link) { ids += byLink[key] ?? [] }
        if let thread, !thread.isEmpty { ids += byThread[thread.lowercased()] ?? [] }
        if let onlineMeetingID, meetings[onlineMeetingID] != nil { ids.append(onlineMeetingID) }
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }.sorted().compactMap { id in meetings[id].map { (id, $0) } }
    }

    /// The start of the input's day (midnight UTC of the earliest meeting start).
    public var dayStart: Timestamp? { earliest.map(SourceTime.startOfDay) }

    /// A join link as a key: percent-decoded, without its query (`?context=…`), lowercased,
    /// so that the spellings of the same link in audit records and in Graph compare equal.
    static func linkKey(_ link: String) -> String? {
        var bytes: [UInt8] = []
        let utf8 = Array(link.utf8)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == UInt8(ascii: "%"), i + 2 < utf8.count,
                let high = JSONLineScanner.hexValue(utf8[i + 1]), let low = JSONLineScanner.hexValue(utf8[i + 2])
            {
                bytes.append(high << 4 | low)
                i += 3
                continue
            }
            bytes.append(c)
            i += 1
        }
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }
}

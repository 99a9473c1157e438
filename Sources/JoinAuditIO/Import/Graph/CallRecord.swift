/// A Microsoft Graph call record (sources.md §2), with what JoinAudit reads of it.
public struct CallRecord: Sendable, Equatable {
    public var id: String?
    /// `groupCall`, `peerToPeer`, `unknown`.
    public var type: String?
    /// The meeting link: the join log's `meeting_id`.
    public var joinWebUrl: String?
    public var startDateTime: String?
    public var endDateTime: String?
    /// `organizer_v2` (or the older `organizer`).
    public var organizer: GraphIdentity?
    public var sessions: [CallSession]

    public init(
        id: String? = nil, type: String? = nil, joinWebUrl: String? = nil, startDateTime: String? = nil,
        endDateTime: String? = nil, organizer: GraphIdentity? = nil, sessions: [CallSession] = []
    ) {
        self.id = id
        self.type = type
        self.joinWebUrl = joinWebUrl
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.organizer = organizer
        self.sessions = sessions
    }
}

/// One session of a call record: one participant's leg, from join to leave.
public struct CallSession: Sendable, Equatable {
    public var id: String?
    public var startDateTime: String?
    public var endDateTime: String?
    public var caller: CallEndpoint?
    public var callee: CallEndpoint?

    public init(id: String? = nil, startDateTime: String? = nil, endDateTime: String? = nil, caller: CallEndpoint? = nil, callee: CallEndpoint? = nil) {
        self.id = id
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.caller = caller
        self.callee = callee
    }
}

/// A session's `caller` or `callee`.
public struct CallEndpoint: Sendable, Equatable {
    public var identity: GraphIdentity?
    /// `userAgent.productFamily`: `teams`, `azureCommunicationServices`, `skypeForBusiness`, …
    public var productFamily: String?
    /// `userAgent.headerValue`.
    public var userAgentHeader: String?

    public init(identity: GraphIdentity? = nil, productFamily: String? = nil, userAgentHeader: String? = nil) {
        self.identity = identity
        self.productFamily = productFamily
        self.userAgentHeader = userAgentHeader
    }
}

/// One entry of a Graph identity set: which member was set (`user`, `guest`, `phone`,
/// `acsUser`, …) and the identity in it.
public struct GraphIdentity: Sendable, Equatable {
    public var kind: String
    public var id: String?
    public var displayName: String?
    public var tenantID: String?

    public init(kind: String, id: String? = nil, displayName: String? = nil, tenantID: String? = nil) {
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.tenantID = tenantID
    }
}

extension GraphIdentity {
    /// The members of an identity set, in the order they are looked for: a set names one.
    static let kinds = [
        "user", "guest", "acsUser", "azureCommunicationServicesUser", "phone", "onPremises", "encrypted", "spoolUser",
        "application", "applicationInstance", "acsApplicationInstance", "device",
    ]

    /// The identity set `node` (`{"user": {...}, "guest": null, …}`), or a participant whose
    /// `identity` is one (`organizer_v2`, `participants_v2`).
    static func from(identitySet node: JSONNode?) -> GraphIdentity? {
        guard let set = node?.object else { return nil }
        for kind in kinds {
            guard let entry = set[kind]?.object else { continue }
            return GraphIdentity(
                kind: kind, id: entry["id"]?.string, displayName: entry["displayName"]?.string, tenantID: entry["tenantId"]?.string)
        }
        return nil
    }

    static func from(participant node: JSONNode?) -> GraphIdentity? {
        guard let node else { return nil }
        if let identity = from(identitySet: node["identity"]) {
            var identity = identity
            if identity.id == nil { identity.id = node["id"]?.string }
            return identity
        }
        return from(identitySet: node)
    }
}

extension CallRecord {
    /// Reads a call record from its JSON (unknown members ignored).
    init(json node: JSONNode) throws(ImportProblem) {
        guard node.object != nil else { throw ImportProblem("expected a call record object, found \(node.phrase)") }
        self.init(
            id: node["id"]?.string, type: node["type"]?.string, joinWebUrl: node["joinWebUrl"]?.string,
            startDateTime: node["startDateTime"]?.string, endDateTime: node["endDateTime"]?.string,
            organizer: GraphIdentity.from(participant: node["organizer_v2"]) ?? GraphIdentity.from(identitySet: node["organizer"]))
        for session in node["sessions"]?.array ?? [] {
            sessions.append(CallSession(
                id: session["id"]?.string, startDateTime: session["startDateTime"]?.string,
                endDateTime: session["endDateTime"]?.string,
                caller: CallEndpoint(json: session["caller"]), callee: CallEndpoint(json: session["callee"])))
        }
    }
}

extension CallEndpoint {
    init?(json node: JSONNode?) {
        guard let node, node.object != nil else { return nil }
        self.init(
            identity: GraphIdentity.from(identitySet: node["identity"]), productFamily: node["userAgent"]?["productFamily"]?.string,
            userAgentHeader: node["userAgent"]?["headerValue"]?.string)
    }
}

import JoinAuditCore

/// The field names of the join log (log-format.md), matched on bytes: a line's keys are never
/// turned into strings.
enum JoinLogKey: UInt8, CaseIterable {
    // Every event.
    case v, id, ts, type, tenantID, meetingID, organizerID, origin
    // Type fields.
    case participantID, displayName, identity, homeTenantID, trust, externalAccess, role
    case invited, client, clientIP, outcome, actorID
    case scheduledStart, scheduledEnd, autoAdmittedUsers, pstnBypassLobby, appID, action

    /// The spelling in the log.
    var name: StaticString {
        switch self {
        case .v: "v"
        case .id: "id"
        case .ts: "ts"
        case .type: "type"
        case .tenantID: "tenant_id"
        case .meetingID: "meeting_id"
        case .organizerID: "organizer_id"
        case .origin: "origin"
        case .participantID: "participant_id"
        case .displayName: "display_name"
        case .identity: "identity"
        case .homeTenantID: "home_tenant_id"
        case .trust: "trust"
        case .externalAccess: "external_access"
        case .role: "role"
        case .invited: "invited"
        case .client: "client"
        case .clientIP: "client_ip"
        case .outcome: "outcome"
        case .actorID: "actor_id"
        case .scheduledStart: "scheduled_start"
        case .scheduledEnd: "scheduled_end"
        case .autoAdmittedUsers: "auto_admitted_users"
        case .pstnBypassLobby: "pstn_bypass_lobby"
        case .appID: "app_id"
        case .action: "action"
        }
    }

    var text: String { name.description }

    /// The known field spelled by `bytes`, or `nil` for a field to ignore.
    @inline(__always)
    static func match(_ bytes: UnsafeRawBufferPointer) -> JoinLogKey? {
        @inline(__always) func its(_ key: JoinLogKey) -> JoinLogKey? {
            let name = key.name.utf8Start
            for k in 1..<bytes.count where bytes[k] != name[k] { return nil }  // length and first byte match
            return key
        }
        guard let first = bytes.first else { return nil }
        // Dispatch on length and first byte, then compare the whole name once.
        switch (bytes.count, first) {
        case (1, UInt8(ascii: "v")): return .v
        case (2, UInt8(ascii: "i")): return its(.id)
        case (2, UInt8(ascii: "t")): return its(.ts)
        case (4, UInt8(ascii: "t")): return its(.type)
        case (4, UInt8(ascii: "r")): return its(.role)
        case (5, UInt8(ascii: "t")): return its(.trust)
        case (6, UInt8(ascii: "o")): return its(.origin)
        case (6, UInt8(ascii: "c")): return its(.client)
        case (6, UInt8(ascii: "a")): return its(.appID) ?? its(.action)
        case (7, UInt8(ascii: "i")): return its(.invited)
        case (7, UInt8(ascii: "o")): return its(.outcome)
        case (8, UInt8(ascii: "i")): return its(.identity)
        case (8, UInt8(ascii: "a")): return its(.actorID)
        case (9, UInt8(ascii: "t")): return its(.tenantID)
        case (9, UInt8(ascii: "c")): return its(.clientIP)
        case (10, UInt8(ascii: "m")): return its(.meetingID)
        case (12, UInt8(ascii: "o")): return its(.organizerID)
        case (12, UInt8(ascii: "d")): return its(.displayName)
        case (13, UInt8(ascii: "s")): return its(.scheduledEnd)
        case (14, UInt8(ascii: "p")): return its(.participantID)
        case (14, UInt8(ascii: "h")): return its(.homeTenantID)
        case (15, UInt8(ascii: "e")): return its(.externalAccess)
        case (15, UInt8(ascii: "s")): return its(.scheduledStart)
        case (17, UInt8(ascii: "p")): return its(.pstnBypassLobby)
        case (19, UInt8(ascii: "a")): return its(.autoAdmittedUsers)
        default: return nil
        }
    }
}

/// The values of the known fields of one line, by key, as token spans; `seen` has bit
/// `key.rawValue` set for each field present. The tokens live in stack memory lent by
/// `withSlots`, so nothing is allocated or copied per line (a 26-token tuple passed by value
/// cost ~15% of the parse time in memmove).
struct FieldSlots {
    private(set) var seen: UInt32 = 0
    /// Room for one token per key; only slots whose `seen` bit is set are initialized.
    private let tokens: UnsafeMutablePointer<JSONToken>

    /// Lends `body` empty slots for one line.
    static func withSlots<R, Failure: Error>(_ body: (inout FieldSlots) throws(Failure) -> R) throws(Failure) -> R {
        try withUnsafeTemporaryAllocation(of: JSONToken.self, capacity: JoinLogKey.allCases.count) { (buffer) throws(Failure) -> R in
            var slots = FieldSlots(tokens: buffer.baseAddress!)
            return try body(&slots)
        }
    }

    private init(tokens: UnsafeMutablePointer<JSONToken>) {
        self.tokens = tokens
    }

    func contains(_ key: JoinLogKey) -> Bool {
        seen & (1 << key.rawValue) != 0
    }

    subscript(key: JoinLogKey) -> JSONToken? {
        contains(key) ? tokens[Int(key.rawValue)] : nil
    }

    mutating func set(_ key: JoinLogKey, _ token: JSONToken) {
        seen |= 1 << key.rawValue
        (tokens + Int(key.rawValue)).initialize(to: token)
    }
}

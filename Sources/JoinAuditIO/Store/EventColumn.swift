/// The columns of `events` in the order the insert binds them and the replay reads them: one
/// list, so the two can never disagree. A case's raw value is its 1-based bind index; its
/// 0-based read index is one less.
enum EventColumn: Int32, CaseIterable {
    case seq = 1, fileID, line, id, v, ts, tsNs, type, tenantID, meetingID, organizerID, origin
    case participantID, displayName, identity, homeTenantID, trust, externalAccess, role, invited
    case client, clientIP, outcome, actorID
    case scheduledStart, scheduledStartNs, scheduledEnd, scheduledEndNs, autoAdmittedUsers, pstnBypassLobby
    case appID, action

    /// The bind index (1-based).
    @inline(__always) var bind: Int32 { rawValue }
    /// The read index (0-based).
    @inline(__always) var read: Int32 { rawValue - 1 }

    /// The column's name in the contract's words.
    var name: String {
        switch self {
        case .seq: "seq"
        case .fileID: "file_id"
        case .line: "line"
        case .id: "id"
        case .v: "v"
        case .ts: "ts"
        case .tsNs: "ts_ns"
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
        case .scheduledStartNs: "scheduled_start_ns"
        case .scheduledEnd: "scheduled_end"
        case .scheduledEndNs: "scheduled_end_ns"
        case .autoAdmittedUsers: "auto_admitted_users"
        case .pstnBypassLobby: "pstn_bypass_lobby"
        case .appID: "app_id"
        case .action: "action"
        }
    }

    static let list = allCases.map(\.name).joined(separator: ", ")

    static let insertSQL =
        "INSERT INTO events (\(list)) VALUES (\(allCases.map { "?\($0.bind)" }.joined(separator: ", ")))"

    /// Replay order: by instant, then by reading order. Served by `events_by_time` without a sort.
    static let replaySQL = "SELECT \(list) FROM events ORDER BY ts_ns, seq"
}

import JoinAuditCore

extension EventStore {
    /// Stores one event, as read. Requires `beginLoad()`; opens a transaction if none is open.
    ///
    /// The hot path of a load: one persistent statement, every column bound by index each time
    /// (NULL for the fields the type does not have), no SQL built and nothing allocated per
    /// row. Measured (release, 2 shared cores, 1M events, half of them `join_request`, no
    /// index): 400–430k rows/s including the commit; binding text from the statement's own
    /// buffer rather than having SQLite copy each value was worth 12–25 % of that. During a
    /// direct load (`beginDirectEventLoad()`) the same columns make the row's record, and no
    /// statement runs at all.
    public func insert(_ logged: LoggedEvent) throws {
        guard isLoading else { throw database.record(.noLoadInProgress(path: path)) }
        if let directLoad { return try insertDirectly(logged, directLoad) }
        try ensureTransaction()
        let s = insertEventStatement
        // Every column is bound below, the type's own fields or NULL (`bindTypeFields`).
        s.startRebindingAll()
        bindColumns(of: logged, into: s)
        defer { s.reset() }
        try s.step()
    }

    /// Binds every column of `logged`'s row, to a statement or to a record encoder.
    @inline(__always)
    func bindColumns<S: EventColumnSink>(of logged: LoggedEvent, into s: S) {
        let spellings = StoredSpellings.all
        let event = logged.event
        s.bind(logged.seq, at: EventColumn.seq.bind)
        s.bind(logged.source.fileID, at: EventColumn.fileID.bind)
        s.bind(logged.source.line, at: EventColumn.line.bind)
        s.bind(event.idText, at: EventColumn.id.bind)
        s.bind(event.version, at: EventColumn.v.bind)
        s.bind(event.loggedTime, at: EventColumn.ts.bind)
        s.bind(event.ts.nanoseconds, at: EventColumn.tsNs.bind)
        s.bind(constant: spellings.eventType(event.body.type), at: EventColumn.type.bind)
        s.bind(event.tenantID, at: EventColumn.tenantID.bind)
        s.bind(event.meetingID, at: EventColumn.meetingID.bind)
        s.bind(event.organizerID, at: EventColumn.organizerID.bind)
        s.bind(constant: spellings.origin(event.origin), at: EventColumn.origin.bind)
        switch event.body {
        case .joinRequest(let r):
            bindTypeFields(
                s, spellings, participantID: r.participantID, displayName: r.displayName, identity: r.identity,
                homeTenantID: r.homeTenantID, trust: r.trust, externalAccess: r.externalAccess,
                role: r.role, invited: r.invited, client: r.client, clientIP: r.clientIP,
                outcome: r.outcome)
        case .lobbyAdmitted(let a):
            bindTypeFields(s, spellings, participantID: a.participantID, actorID: a.actorID)
        case .lobbyRemoved(let r):
            bindTypeFields(s, spellings, participantID: r.participantID, actorID: r.actorID)
        case .left(let participantID):
            bindTypeFields(s, spellings, participantID: participantID)
        case .meetingEnded:
            bindTypeFields(s, spellings)
        case .meetingScheduled(let m):
            bindTypeFields(
                s, spellings, scheduledStart: m.scheduledStart, scheduledEnd: m.scheduledEnd,
                autoAdmittedUsers: m.autoAdmittedUsers, pstnBypassLobby: m.pstnBypassLobby)
        case .appAction(let a):
            bindTypeFields(s, spellings, participantID: a.participantID, appID: a.appID, action: a.action)
        }
    }

    /// Binds every type-specific column: the given ones, NULL for the rest. Vocabulary values
    /// are bound as constant spellings (`StoredSpellings`).
    @inline(__always)
    private func bindTypeFields<S: EventColumnSink>(
        _ s: S, _ spellings: StoredSpellings, participantID: String? = nil, displayName: String? = nil,
        identity: LoggedIdentity? = nil, homeTenantID: String? = nil, trust: Trust? = nil,
        externalAccess: Bool? = nil, role: Role? = nil, invited: Bool? = nil, client: Client? = nil,
        clientIP: String? = nil, outcome: Outcome? = nil, actorID: String? = nil,
        scheduledStart: Timestamp? = nil, scheduledEnd: Timestamp? = nil,
        autoAdmittedUsers: AutoAdmittedUsers? = nil, pstnBypassLobby: Bool? = nil, appID: String? = nil,
        action: AppAction? = nil
    ) {
        s.bind(participantID, at: EventColumn.participantID.bind)
        s.bind(displayName, at: EventColumn.displayName.bind)
        s.bind(constant: spellings.identity(identity), at: EventColumn.identity.bind)
        s.bind(homeTenantID, at: EventColumn.homeTenantID.bind)
        s.bind(constant: spellings.trust(trust), at: EventColumn.trust.bind)
        s.bind(externalAccess, at: EventColumn.externalAccess.bind)
        s.bind(constant: spellings.role(role), at: EventColumn.role.bind)
        s.bind(invited, at: EventColumn.invited.bind)
        s.bind(constant: spellings.client(client), at: EventColumn.client.bind)
        s.bind(clientIP, at: EventColumn.clientIP.bind)
        s.bind(constant: spellings.outcome(outcome), at: EventColumn.outcome.bind)
        s.bind(actorID, at: EventColumn.actorID.bind)
        // The schedule is kept as an instant; its text is the UTC spelling of that instant.
        s.bind(scheduledStart?.description, at: EventColumn.scheduledStart.bind)
        s.bind(scheduledStart?.nanoseconds, at: EventColumn.scheduledStartNs.bind)
        s.bind(scheduledEnd?.description, at: EventColumn.scheduledEnd.bind)
        s.bind(scheduledEnd?.nanoseconds, at: EventColumn.scheduledEndNs.bind)
        s.bind(constant: spellings.autoAdmittedUsers(autoAdmittedUsers), at: EventColumn.autoAdmittedUsers.bind)
        s.bind(pstnBypassLobby, at: EventColumn.pstnBypassLobby.bind)
        s.bind(appID, at: EventColumn.appID.bind)
        s.bind(constant: spellings.appAction(action), at: EventColumn.action.bind)
    }

    /// Calls `body` with every stored event in replay order: by instant (`ts_ns`), then by
    /// reading order (`seq`). Each row is decoded back into exactly the `LoggedEvent` inserted.
    public func forEachEventInReplayOrder(_ body: (LoggedEvent) throws -> Void) throws {
        let statement = try database.prepare(EventColumn.replaySQL)
        let reader = EventRowReader(statement: statement, path: path)
        while try statement.step() {
            try body(try reader.event())
        }
    }
}

/// Decodes the current row of a statement that selects `EventColumn.list`.
struct EventRowReader {
    let statement: SQLiteStatement
    let path: String

    func event() throws -> LoggedEvent {
        let s = statement
        let seq = s.int64(at: EventColumn.seq.read)
        func text(_ column: EventColumn) -> String? { s.string(at: column.read) }
        func required(_ column: EventColumn) throws -> String {
            guard let value = text(column) else { throw unreadable(seq, column, nil) }
            return value
        }
        func required<T: RawRepresentable>(_ column: EventColumn, as _: T.Type) throws -> T where T.RawValue == String {
            let raw = try required(column)
            guard let value = T(rawValue: raw) else { throw unreadable(seq, column, raw) }
            return value
        }
        func optional<T: RawRepresentable>(_ column: EventColumn, as _: T.Type) throws -> T? where T.RawValue == String {
            guard let raw = text(column) else { return nil }
            guard let value = T(rawValue: raw) else { throw unreadable(seq, column, raw) }
            return value
        }
        func flag(_ column: EventColumn) throws -> Bool {
            guard let value = s.bool(at: column.read) else { throw unreadable(seq, column, nil) }
            return value
        }
        func instant(_ column: EventColumn) -> Timestamp? {
            s.optionalInt64(at: column.read).map(Timestamp.init(nanoseconds:))
        }

        let body: EventBody
        switch try required(.type, as: EventType.self) {
        case .joinRequest:
            body = .joinRequest(JoinRequest(
                participantID: try required(.participantID), displayName: text(.displayName),
                identity: try required(.identity, as: LoggedIdentity.self), homeTenantID: text(.homeTenantID),
                trust: try optional(.trust, as: Trust.self), externalAccess: try flag(.externalAccess),
                role: try required(.role, as: Role.self), invited: s.bool(at: EventColumn.invited.read),
                client: try required(.client, as: Client.self), clientIP: text(.clientIP),
                outcome: try required(.outcome, as: Outcome.self)))
        case .lobbyAdmitted:
            body = .lobbyAdmitted(LobbyAdmission(participantID: try required(.participantID), actorID: try required(.actorID)))
        case .lobbyRemoved:
            body = .lobbyRemoved(LobbyRemoval(participantID: try required(.participantID), actorID: text(.actorID)))
        case .left:
            body = .left(participantID: try required(.participantID))
        case .meetingEnded:
            body = .meetingEnded
        case .meetingScheduled:
            body = .meetingScheduled(MeetingSchedule(
                scheduledStart: instant(.scheduledStartNs), scheduledEnd: instant(.scheduledEndNs),
                autoAdmittedUsers: try optional(.autoAdmittedUsers, as: AutoAdmittedUsers.self),
                pstnBypassLobby: s.bool(at: EventColumn.pstnBypassLobby.read)))
        case .appAction:
            body = .appAction(AppActionEvent(
                participantID: try required(.participantID), appID: try required(.appID),
                action: try required(.action, as: AppAction.self)))
        }
        let event = Event(
            id: try required(.id), version: s.int(at: EventColumn.v.read),
            ts: Timestamp(nanoseconds: s.int64(at: EventColumn.tsNs.read)), tsText: try required(.ts),
            tenantID: try required(.tenantID), meetingID: try required(.meetingID),
            organizerID: text(.organizerID), origin: try required(.origin, as: Origin.self), body: body)
        return LoggedEvent(
            seq: seq, source: SourceLocation(fileID: s.int(at: EventColumn.fileID.read), line: s.int(at: EventColumn.line.read)),
            event: event)
    }

    private func unreadable(_ seq: Int64, _ column: EventColumn, _ value: String?) -> StoreError {
        statement.database.record(.unreadableRow(path: path, table: "events", key: seq, column: column.name, value: value ?? "NULL"))
    }
}

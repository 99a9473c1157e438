import JoinAuditCore

/// Builds the contract's policy file from what Teams admins already export:
/// `Get-CsTeamsMeetingConfiguration | ConvertTo-Json`, `Get-CsTeamsMeetingPolicy | ConvertTo-Json`
/// and the users' assignments (`Get-CsOnlineUser | Select-Object Identity,UserPrincipalName,
/// TeamsMeetingPolicy | ConvertTo-Json`). Only the keys JoinAudit judges are kept; the many
/// others the cmdlets print are ignored. Nothing is guessed: a value JoinAudit cannot read is
/// an error naming file, record, key and value.
public struct PowerShellPolicyImport {
    /// Paths of the three exports; the configuration and the users are optional (without the
    /// configuration the org-wide defaults apply; without users everyone has `Global`).
    public var configurationFile: String?
    public var policiesFile: String
    public var usersFile: String?
    /// The user key whose value is the organizer's id in the logs: `Identity` (the user's
    /// object id in current Teams PowerShell, what join logs and audit records carry) or
    /// `UserPrincipalName`.
    public var organizerKey: String
    public var tenantID: String?

    public init(configurationFile: String?, policiesFile: String, usersFile: String?, organizerKey: String = "Identity", tenantID: String? = nil) {
        self.configurationFile = configurationFile
        self.policiesFile = policiesFile
        self.usersFile = usersFile
        self.organizerKey = organizerKey
        self.tenantID = tenantID
    }

    /// What the exports make: the policy file's content, and what the admin should know.
    public struct Imported: Sendable {
        public var tenantID: String?
        public var configuration: MeetingConfiguration
        public var policies: [MeetingPolicy]
        /// Organizer id → policy name (without `Tag:`); users with `Global` are left out, as
        /// an organizer not listed has `Global`.
        public var assignments: [String: String]
        /// Users read, and how many of them have `Global`.
        public var users = 0
        public var usersWithGlobal = 0
        /// The same content as a checked `TenantPolicy`.
        public var tenantPolicy: TenantPolicy
    }

    public func run() throws(PolicyImportError) -> Imported {
        let configuration = try configurationFile.map { (path) throws(PolicyImportError) in try readConfiguration(path) } ?? MeetingConfiguration()
        let policies = try readPolicies(policiesFile)
        guard policies.contains(where: { $0.name == MeetingPolicy.globalName }) else { throw .missingGlobal(file: policiesFile) }
        var assignments: [String: String] = [:]
        var users = 0, usersWithGlobal = 0
        var seen: [String: String] = [:]
        if let usersFile {
            let known = Dictionary(policies.map { ($0.name.lowercased(), $0.name) }, uniquingKeysWith: { a, _ in a })
            for (index, user) in try list(PowerShellJSON.read(path: usersFile), file: usersFile, expected: "a user object or a list of them").enumerated() {
                let record = "user #\(index + 1)"
                guard case .object = user else { throw .wrongShape(file: usersFile, value: "a list holding \(user.shown)", expected: "a list of user objects") }
                guard let id = try Values(file: usersFile, record: record).string(user.member(organizerKey), key: organizerKey), !id.isEmpty else {
                    throw .missingKey(file: usersFile, record: record, key: organizerKey)
                }
                users += 1
                let named = try policyName(user.member("TeamsMeetingPolicy"), file: usersFile, record: "user \(id)")
                var name = MeetingPolicy.globalName
                if let named {
                    guard let known = known[Self.bareName(named).lowercased()] else {
                        throw .unknownPolicy(file: usersFile, user: id, policy: named, policiesFile: policiesFile)
                    }
                    name = known
                }
                if let earlier = seen[id] {
                    guard earlier == name else { throw .conflictingAssignment(file: usersFile, user: id, first: earlier, second: name) }
                    users -= 1
                    continue
                }
                seen[id] = name
                if name == MeetingPolicy.globalName { usersWithGlobal += 1 } else { assignments[id] = name }
            }
        }
        let tenantPolicy: TenantPolicy
        do {
            tenantPolicy = try TenantPolicy(tenantID: tenantID, configuration: configuration, policies: policies, assignments: assignments, origin: policiesFile)
        } catch {
            switch error {
            case .missingGlobal: throw .missingGlobal(file: policiesFile)
            case .duplicatePolicy(let name): throw .duplicatePolicy(file: policiesFile, policy: name)
            case .danglingAssignment(let organizer, let name):
                throw .unknownPolicy(file: usersFile ?? "(users)", user: organizer, policy: name, policiesFile: policiesFile)
            }
        }
        return Imported(tenantID: tenantID, configuration: configuration, policies: policies, assignments: assignments,
                        users: users, usersWithGlobal: usersWithGlobal, tenantPolicy: tenantPolicy)
    }

    // MARK: the exports

    private func readConfiguration(_ path: String) throws(PolicyImportError) -> MeetingConfiguration {
        let items = try list(PowerShellJSON.read(path: path), file: path, expected: "the meeting configuration object")
        // Teams has one configuration, `Global`; a list of several takes `Global`'s.
        let chosen = items.count == 1 ? items[0] : items.first { Self.identity($0)?.lowercased() == "global" }
        guard let chosen, case .object = chosen else {
            throw .wrongShape(file: path, value: "\(items.count) items with no Global one", expected: "the meeting configuration object (Identity Global)")
        }
        let values = Values(file: path, record: "the meeting configuration")
        return MeetingConfiguration(
            disableAnonymousJoin: try values.bool(chosen.member("DisableAnonymousJoin"), key: "DisableAnonymousJoin") ?? false,
            disableAppInteractionForAnonymousUsers: try values.bool(chosen.member("DisableAppInteractionForAnonymousUsers"),
                                                                    key: "DisableAppInteractionForAnonymousUsers") ?? false)
    }

    private func readPolicies(_ path: String) throws(PolicyImportError) -> [MeetingPolicy] {
        var policies: [MeetingPolicy] = []
        for (index, item) in try list(PowerShellJSON.read(path: path), file: path, expected: "a meeting policy object or a list of them").enumerated() {
            guard case .object = item else { throw .wrongShape(file: path, value: "a list holding \(item.shown)", expected: "a list of meeting policy objects") }
            guard let identity = Self.identity(item), !identity.isEmpty else { throw .missingKey(file: path, record: "policy #\(index + 1)", key: "Identity") }
            let name = Self.bareName(identity)
            let values = Values(file: path, record: "meeting policy \(identity)")
            var auto: AutoAdmittedUsers?
            if let text = try values.enumName(item.member("AutoAdmittedUsers"), key: "AutoAdmittedUsers") {
                guard let parsed = AutoAdmittedUsers(caseInsensitive: text) else {
                    throw .unknownValue(file: path, record: "meeting policy \(identity)", key: "AutoAdmittedUsers", value: "\"\(text)\"",
                                        allowed: AutoAdmittedUsers.allCases.map(\.rawValue))
                }
                auto = parsed
            }
            policies.append(MeetingPolicy(
                name: name.lowercased() == "global" ? MeetingPolicy.globalName : name,
                allowAnonymousUsersToJoinMeeting: try values.bool(item.member("AllowAnonymousUsersToJoinMeeting"), key: "AllowAnonymousUsersToJoinMeeting"),
                allowAnonymousUsersToStartMeeting: try values.bool(item.member("AllowAnonymousUsersToStartMeeting"), key: "AllowAnonymousUsersToStartMeeting"),
                autoAdmittedUsers: auto,
                allowPSTNUsersToBypassLobby: try values.bool(item.member("AllowPSTNUsersToBypassLobby"), key: "AllowPSTNUsersToBypassLobby"),
                blockedAnonymousJoinClientTypes: try values.clientTypes(item.member("BlockedAnonymousJoinClientTypes"), key: "BlockedAnonymousJoinClientTypes"),
                allowOrganizersToOverrideLobbySettings: try values.bool(item.member("AllowOrganizersToOverrideLobbySettings"), key: "AllowOrganizersToOverrideLobbySettings")))
        }
        return policies
    }

    /// A user's `TeamsMeetingPolicy`: `nil` (null, empty) means `Global`; a name, `Tag:NAME`,
    /// or an object with `Name` or `Identity` (how deeper exports write a policy reference).
    private func policyName(_ value: JSONValue?, file: String, record: String) throws(PolicyImportError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        case .object?:
            if case .string(let text)? = value!.member("Name") ?? value!.member("Identity") { return text.isEmpty ? nil : text }
            throw .wrongType(file: file, record: record, key: "TeamsMeetingPolicy", value: value!.shown, expected: "a policy name")
        case let other?:
            throw .wrongType(file: file, record: record, key: "TeamsMeetingPolicy", value: other.shown, expected: "a policy name")
        }
    }

    private func list(_ value: JSONValue, file: String, expected: String) throws(PolicyImportError) -> [JSONValue] {
        guard let items = PowerShellJSON.items(value) else { throw .wrongShape(file: file, value: value.shown, expected: expected) }
        return items
    }

    private static func identity(_ item: JSONValue) -> String? {
        if case .string(let text)? = item.member("Identity") { return text }
        return nil
    }

    /// `Tag:NAME` → `NAME`; `Global` and bare names as they are.
    static func bareName(_ identity: String) -> String {
        identity.lowercased().hasPrefix("tag:") ? String(identity.dropFirst(4)) : identity
    }
}

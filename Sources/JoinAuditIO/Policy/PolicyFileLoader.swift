import Foundation
import JoinAuditCore

/// Reads the policy file of policy-format.md into a `TenantPolicy`. Keys are matched
/// case-insensitively, as PowerShell does, so the cmdlets' `ConvertTo-Json` output pastes in;
/// unknown keys are ignored; a known key with a wrong type or value is an error.
public enum PolicyFileLoader {
    public static func load(path: String) throws(PolicyFileError) -> TenantPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try load(data: data, name: path)
    }

    public static func load(data: Data, name: String) throws(PolicyFileError) -> TenantPolicy {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw .notJSON(file: name, reason: Self.describe(error))
        }
        guard case .object = document else {
            throw .wrongType(file: name, policy: nil, key: "(top level)", value: document.shown, expected: "an object")
        }
        let reader = Reader(file: name)
        let tenantID = try reader.string(document.member("tenant_id"), policy: nil, key: "tenant_id")
        var effectiveFrom: Timestamp?
        if let text = try reader.string(document.member("effective_from"), policy: nil, key: "effective_from") {
            guard let ts = Timestamp(rfc3339: text) else {
                throw .wrongType(file: name, policy: nil, key: "effective_from", value: "\"\(text)\"", expected: "an RFC 3339 time with an offset")
            }
            effectiveFrom = ts
        }
        let configuration = try reader.configuration(document.member("meeting_configuration"))
        let policies = try reader.policies(document.member("meeting_policies"))
        let assignments = try reader.assignments(document.member("policy_assignments"))
        do {
            return try TenantPolicy(tenantID: tenantID, configuration: configuration, policies: policies,
                                    assignments: assignments, effectiveFrom: effectiveFrom, origin: name)
        } catch {
            switch error {
            case .missingGlobal: throw .missingGlobal(file: name)
            case .duplicatePolicy(let policy): throw .duplicatePolicy(file: name, policy: policy)
            case .danglingAssignment(let organizer, let policy): throw .danglingAssignment(file: name, organizer: organizer, policy: policy)
            }
        }
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return String(describing: error)
    }

    /// Typed access to values with errors that say where.
    private struct Reader {
        let file: String

        func string(_ value: JSONValue?, policy: String?, key: String) throws(PolicyFileError) -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let other?: throw .wrongType(file: file, policy: policy, key: key, value: other.shown, expected: "a string")
            }
        }

        func bool(_ value: JSONValue?, policy: String?, key: String) throws(PolicyFileError) -> Bool? {
            switch value {
            case nil, .null?: return nil
            case .bool(let flag)?: return flag
            case let other?: throw .wrongType(file: file, policy: policy, key: key, value: other.shown, expected: "true or false")
            }
        }

        func configuration(_ value: JSONValue?) throws(PolicyFileError) -> MeetingConfiguration {
            guard let value, value != .null else { return MeetingConfiguration() }
            guard case .object = value else {
                throw .wrongType(file: file, policy: nil, key: "meeting_configuration", value: value.shown, expected: "an object")
            }
            return MeetingConfiguration(
                disableAnonymousJoin: try bool(value.member("DisableAnonymousJoin"), policy: nil, key: "meeting_configuration.DisableAnonymousJoin") ?? false,
                disableAppInteractionForAnonymousUsers: try bool(value.member("DisableAppInteractionForAnonymousUsers"), policy: nil,
                                                                 key: "meeting_configuration.DisableAppInteractionForAnonymousUsers") ?? false)
        }

        func policies(_ value: JSONValue?) throws(PolicyFileError) -> [MeetingPolicy] {
            let items: [JSONValue]
            switch value {
            case nil, .null?: items = []
            case .array(let list)?: items = list
            case .object?: items = [value!]  // ConvertTo-Json writes a lone policy as an object
            case let other?: throw .wrongType(file: file, policy: nil, key: "meeting_policies", value: other.shown, expected: "a list of policies")
            }
            var result: [MeetingPolicy] = []
            for (index, item) in items.enumerated() {
                guard case .object = item else {
                    throw .wrongType(file: file, policy: "#\(index + 1)", key: "meeting_policies", value: item.shown, expected: "an object")
                }
                guard let identity = try string(item.member("Identity"), policy: "#\(index + 1)", key: "Identity"), !identity.isEmpty else {
                    throw .wrongType(file: file, policy: "#\(index + 1)", key: "Identity", value: item.member("Identity")?.shown ?? "(missing)",
                                     expected: "Global or Tag:NAME")
                }
                result.append(try policy(item, identity: identity))
            }
            return result
        }

        private func policy(_ item: JSONValue, identity: String) throws(PolicyFileError) -> MeetingPolicy {
            var name = identity
            if name.lowercased().hasPrefix("tag:") { name.removeFirst(4) }
            if name.lowercased() == "global" { name = MeetingPolicy.globalName }
            var autoAdmitted: AutoAdmittedUsers?
            if let text = try string(item.member("AutoAdmittedUsers"), policy: name, key: "AutoAdmittedUsers") {
                guard let parsed = AutoAdmittedUsers(caseInsensitive: text) else {
                    throw .unknownValue(file: file, policy: name, key: "AutoAdmittedUsers", value: "\"\(text)\"",
                                        allowed: AutoAdmittedUsers.allCases.map(\.rawValue))
                }
                autoAdmitted = parsed
            }
            return MeetingPolicy(
                name: name,
                allowAnonymousUsersToJoinMeeting: try bool(item.member("AllowAnonymousUsersToJoinMeeting"), policy: name, key: "AllowAnonymousUsersToJoinMeeting"),
                allowAnonymousUsersToStartMeeting: try bool(item.member("AllowAnonymousUsersToStartMeeting"), policy: name, key: "AllowAnonymousUsersToStartMeeting"),
                autoAdmittedUsers: autoAdmitted,
                allowPSTNUsersToBypassLobby: try bool(item.member("AllowPSTNUsersToBypassLobby"), policy: name, key: "AllowPSTNUsersToBypassLobby"),
                blockedAnonymousJoinClientTypes: try blockedClients(item, policy: name),
                allowOrganizersToOverrideLobbySettings: try bool(item.member("AllowOrganizersToOverrideLobbySettings"), policy: name,
                                                                 key: "AllowOrganizersToOverrideLobbySettings"))
        }

        /// null and [] both allow every client, but are still a value that overrides `Global`;
        /// a missing key is `nil`. A lone string is accepted as a one-item list.
        private func blockedClients(_ item: JSONValue, policy: String) throws(PolicyFileError) -> [BlockableClientType]? {
            let key = "BlockedAnonymousJoinClientTypes"
            guard let value = item.member(key) else { return nil }
            let texts: [JSONValue]
            switch value {
            case .null: return []
            case .array(let list): texts = list
            case .string: texts = [value]
            default: throw .wrongType(file: file, policy: policy, key: key, value: value.shown, expected: "null or a list of Acs, Teams")
            }
            return try texts.map { (text) throws(PolicyFileError) -> BlockableClientType in
                guard case .string(let raw) = text else {
                    throw .wrongType(file: file, policy: policy, key: key, value: value.shown, expected: "null or a list of Acs, Teams")
                }
                guard let type = BlockableClientType(caseInsensitive: raw) else {
                    throw .unknownValue(file: file, policy: policy, key: key, value: "\"\(raw)\"", allowed: BlockableClientType.allCases.map(\.rawValue))
                }
                return type
            }
        }

        func assignments(_ value: JSONValue?) throws(PolicyFileError) -> [String: String] {
            switch value {
            case nil, .null?: return [:]
            case .object(let members)?:
                var result: [String: String] = [:]
                for (organizer, policy) in members {
                    guard case .string(let name) = policy else {
                        throw .wrongType(file: file, policy: nil, key: "policy_assignments.\(organizer)", value: policy.shown, expected: "a policy name")
                    }
                    result[organizer] = name
                }
                return result
            case let other?:
                throw .wrongType(file: file, policy: nil, key: "policy_assignments", value: other.shown, expected: "an object of organizer id to policy name")
            }
        }
    }
}

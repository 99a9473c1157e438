import JoinAuditCore

/// Writes a policy file of policy-format.md, indented for people to read and review in a diff:
/// keys in the contract's order, policies in the export's order, assignments sorted. Every
/// string is escaped as the join-log writer escapes it (policy names and user ids are text
/// from the tenant, not trusted).
public enum PolicyFileWriter {
    public static func text(_ imported: PowerShellPolicyImport.Imported) -> String {
        var top: [(String, String)] = []
        if let tenant = imported.tenantID { top.append(("tenant_id", quoted(tenant))) }
        let configuration = imported.configuration
        top.append(("meeting_configuration", object([
            ("DisableAnonymousJoin", String(configuration.disableAnonymousJoin)),
            ("DisableAppInteractionForAnonymousUsers", String(configuration.disableAppInteractionForAnonymousUsers)),
        ], indent: 1)))
        let policies = imported.policies.map { policy(in: $0) }
        top.append(("meeting_policies", policies.isEmpty ? "[]" : "[\n" + policies.map { pad(2) + $0 }.joined(separator: ",\n") + "\n" + pad(1) + "]"))
        let assignments = imported.assignments.sorted { $0.key < $1.key }.map { ($0.key, quoted($0.value)) }
        top.append(("policy_assignments", object(assignments, indent: 1)))
        return object(top, indent: 0) + "\n"
    }

    private static func policy(in policy: MeetingPolicy) -> String {
        var fields: [(String, String)] = [("Identity", quoted(policy.name == MeetingPolicy.globalName ? policy.name : "Tag:" + policy.name))]
        if let value = policy.allowAnonymousUsersToJoinMeeting { fields.append(("AllowAnonymousUsersToJoinMeeting", String(value))) }
        if let value = policy.allowAnonymousUsersToStartMeeting { fields.append(("AllowAnonymousUsersToStartMeeting", String(value))) }
        if let value = policy.autoAdmittedUsers { fields.append(("AutoAdmittedUsers", quoted(value.rawValue))) }
        if let value = policy.allowPSTNUsersToBypassLobby { fields.append(("AllowPSTNUsersToBypassLobby", String(value))) }
        if let value = policy.blockedAnonymousJoinClientTypes {
            fields.append(("BlockedAnonymousJoinClientTypes", value.isEmpty ? "null" : "[" + value.map { quoted($0.rawValue) }.joined(separator: ", ") + "]"))
        }
        if let value = policy.allowOrganizersToOverrideLobbySettings { fields.append(("AllowOrganizersToOverrideLobbySettings", String(value))) }
        return object(fields, indent: 2)
    }

    private static func object(_ fields: [(String, String)], indent: Int) -> String {
        guard !fields.isEmpty else { return "{}" }
        let inner = fields.map { pad(indent + 1) + quoted($0.0) + ": " + $0.1 }.joined(separator: ",\n")
        return "{\n" + inner + "\n" + pad(indent) + "}"
    }

    private static func pad(_ level: Int) -> String { String(repeating: "  ", count: level) }

    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JoinLogWriter.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation
import Testing

/// Every way a policy file can be wrong (policy-format.md): each is exit status 2 and one line
/// on standard error that names the file and, where they apply, the policy, the key and the
/// value. The four fixtures of `PolicyErrorTests` show the full sentences; this table covers
/// every known key.
@Suite("policy errors, every key")
struct PolicyErrorTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var json: String
        /// Parts of the message, in order.
        var says: [String]
        var testDescription: String { name }
    }

    /// A valid file with a `Global` and a `Tag:Ext` policy, with `tag` spliced into `Ext`.
    static func file(tag: String = "", global: String = "", top: String = "", assignments: String = #"{"u-ada":"Ext"}"#) -> String {
        #"{"tenant_id":"t"\#(top),"meeting_policies":[{"Identity":"Global"\#(global)},{"Identity":"Tag:Ext"\#(tag)}],"policy_assignments":\#(assignments)}"#
    }

    static let booleanKeys = ["AllowAnonymousUsersToJoinMeeting", "AllowAnonymousUsersToStartMeeting", "AllowPSTNUsersToBypassLobby",
                              "AllowOrganizersToOverrideLobbySettings"]

    static let cases: [Case] = booleanKeys.map { key in
        Case(name: "\(key) not a boolean", json: file(tag: #","\#(key)":"yes""#),
             says: ["in meeting policy Ext, key \(key) has value \"yes\"", "must be true or false"])
    } + booleanKeys.map { key in
        Case(name: "\(key) a number in Global", json: file(global: #","\#(key)":1"#),
             says: ["in meeting policy Global, key \(key) has value 1", "must be true or false"])
    } + [
        Case(name: "AutoAdmittedUsers a number", json: file(tag: #","AutoAdmittedUsers":7"#),
             says: ["in meeting policy Ext, key AutoAdmittedUsers has value 7", "must be a string"]),
        Case(name: "AutoAdmittedUsers unknown", json: file(tag: #","AutoAdmittedUsers":"Anyone""#),
             says: ["in meeting policy Ext, key AutoAdmittedUsers has value \"Anyone\"", "not one of OrganizerOnly"]),
        Case(name: "BlockedAnonymousJoinClientTypes a number", json: file(tag: #","BlockedAnonymousJoinClientTypes":5"#),
             says: ["in meeting policy Ext, key BlockedAnonymousJoinClientTypes has value 5", "null or a list of Acs, Teams"]),
        Case(name: "BlockedAnonymousJoinClientTypes a number in the list", json: file(tag: #","BlockedAnonymousJoinClientTypes":["Acs",3]"#),
             says: ["in meeting policy Ext, key BlockedAnonymousJoinClientTypes has value [\"Acs\", 3]", "null or a list of Acs, Teams"]),
        Case(name: "BlockedAnonymousJoinClientTypes unknown", json: file(tag: #","BlockedAnonymousJoinClientTypes":["Phone"]"#),
             says: ["in meeting policy Ext, key BlockedAnonymousJoinClientTypes has value \"Phone\"", "not one of Acs, Teams"]),
        Case(name: "Identity not a string", json: #"{"tenant_id":"t","meeting_policies":[{"Identity":"Global"},{"Identity":5}]}"#,
             says: ["in meeting policy #2, key Identity has value 5", "must be a string"]),
        Case(name: "Identity missing", json: #"{"tenant_id":"t","meeting_policies":[{"Identity":"Global"},{"AutoAdmittedUsers":"Everyone"}]}"#,
             says: ["in meeting policy #2, key Identity has value (missing)", "Global or Tag:NAME"]),
        Case(name: "a policy not an object", json: #"{"tenant_id":"t","meeting_policies":[{"Identity":"Global"},"Ext"]}"#,
             says: ["in meeting policy #2, key meeting_policies has value \"Ext\"", "must be an object"]),
        Case(name: "meeting_policies not a list", json: #"{"tenant_id":"t","meeting_policies":"Global"}"#,
             says: ["at the top level, key meeting_policies has value \"Global\"", "a list of policies"]),
        Case(name: "DisableAnonymousJoin not a boolean", json: file(top: #","meeting_configuration":{"DisableAnonymousJoin":"no"}"#),
             says: ["at the top level, key meeting_configuration.DisableAnonymousJoin has value \"no\"", "true or false"]),
        Case(name: "DisableAppInteractionForAnonymousUsers not a boolean",
             json: file(top: #","meeting_configuration":{"DisableAppInteractionForAnonymousUsers":1}"#),
             says: ["at the top level, key meeting_configuration.DisableAppInteractionForAnonymousUsers has value 1", "true or false"]),
        Case(name: "meeting_configuration not an object", json: file(top: #","meeting_configuration":[]"#),
             says: ["at the top level, key meeting_configuration has value []", "an object"]),
        Case(name: "tenant_id not a string", json: #"{"tenant_id":5,"meeting_policies":[{"Identity":"Global"}]}"#,
             says: ["at the top level, key tenant_id has value 5", "a string"]),
        Case(name: "effective_from not a time", json: file(top: #","effective_from":"yesterday""#),
             says: ["at the top level, key effective_from has value \"yesterday\"", "RFC 3339"]),
        Case(name: "effective_from without an offset", json: file(top: #","effective_from":"2026-11-23T00:00:00""#),
             says: ["at the top level, key effective_from has value \"2026-11-23T00:00:00\"", "with an offset"]),
        Case(name: "policy_assignments not an object", json: file(assignments: #"["Ext"]"#),
             says: ["at the top level, key policy_assignments has value [\"Ext\"]", "organizer id to policy name"]),
        Case(name: "an assignment not a name", json: file(assignments: #"{"u-ada":5}"#),
             says: ["at the top level, key policy_assignments.u-ada has value 5", "a policy name"]),
        Case(name: "dangling assignment", json: file(assignments: #"{"u-ada":"Nope"}"#),
             says: ["policy_assignments gives organizer u-ada the policy Nope", "which no meeting policy defines"]),
        Case(name: "missing Global", json: #"{"tenant_id":"t","meeting_policies":[{"Identity":"Tag:Ext"}]}"#,
             says: ["meeting_policies has no Global policy"]),
        Case(name: "no policies at all", json: #"{"tenant_id":"t"}"#, says: ["meeting_policies has no Global policy"]),
        Case(name: "a policy defined twice", json: #"{"tenant_id":"t","meeting_policies":[{"Identity":"Global"},{"Identity":"global"}]}"#,
             says: ["meeting policy Global is defined twice"]),
        Case(name: "not JSON", json: #"{"tenant_id":"t","#, says: ["the policy file is not valid JSON"]),
        Case(name: "the top level not an object", json: #"["Global"]"#, says: ["key (top level) has value [\"Global\"]", "an object"]),
    ]

    @Test("exit 2 and a message naming file, policy, key and value", arguments: cases)
    func policyError(_ testCase: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("policy.json")
        try Data(testCase.json.utf8).write(to: policy)
        let log = dir.appendingPathComponent("day.jsonl")
        try Data((Lines.join("e1", 1, "u-ada", "internal", "admitted") + "\n").utf8).write(to: log)
        let result = try CLI.run(["analyze", "--policy", policy.path, log.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "nothing is judged under a policy that cannot be read")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)")
        let message = String(lines.first ?? "")
        #expect(message.hasPrefix("joinaudit: "), "\(message)")
        guard let file = message.range(of: "\(policy.path): ") else {
            Issue.record("does not name the file: \(message)")
            return
        }
        var rest = message[file.upperBound...]
        for part in testCase.says {
            guard let range = rest.range(of: part) else {
                Issue.record("\(message)\ndoes not say, in order: \(part)")
                return
            }
            rest = rest[range.upperBound...]
        }
    }
}

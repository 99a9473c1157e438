import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// policy-format.md: the policy file as admins write it from PowerShell output.
@Suite("Policy file")
struct PolicyFileLoaderTests {
    func load(_ json: String) throws(PolicyFileError) -> TenantPolicy {
        try PolicyFileLoader.load(data: Data(json.utf8), name: "p.json")
    }

    @Test("keys match case-insensitively, as in PowerShell; unknown keys are ignored")
    func caseInsensitiveKeys() throws {
        let p = try load("""
            {"TENANT_ID":"t-1","Meeting_Configuration":{"disableanonymousjoin":true,"SomethingNew":5},
             "meeting_policies":[{"identity":"global","autoadmittedusers":"everyone","AllowMeetNow":true,"Description":"x"}]}
            """)
        #expect(p.tenantID == "t-1")
        #expect(p.configuration.disableAnonymousJoin)
        #expect(p.global.autoAdmittedUsers == .everyone)
    }

    @Test("the contract's example file loads with Global merged under the tag and the assignment applied")
    func contractExample() throws {
        let p = try load("""
            {"tenant_id":"t-contoso","meeting_configuration":{"DisableAnonymousJoin":false,"DisableAppInteractionForAnonymousUsers":false},
             "meeting_policies":[
               {"Identity":"Global","AllowAnonymousUsersToJoinMeeting":true,"AllowAnonymousUsersToStartMeeting":false,
                "AutoAdmittedUsers":"EveryoneInCompanyExcludingGuests","AllowPSTNUsersToBypassLobby":false,"BlockedAnonymousJoinClientTypes":null},
               {"Identity":"Tag:ExternalEvents","AutoAdmittedUsers":"Everyone","AllowAnonymousUsersToStartMeeting":true,"BlockedAnonymousJoinClientTypes":["Acs"]}],
             "policy_assignments":{"u-ada":"ExternalEvents"}}
            """)
        let ada = p.policy(forOrganizer: "u-ada")
        #expect(ada.name == "ExternalEvents")
        #expect(ada.autoAdmittedUsers == .everyone)
        #expect(ada.allowAnonymousUsersToStartMeeting)
        #expect(ada.allowAnonymousUsersToJoinMeeting)
        #expect(ada.blocks(.acs))
        #expect(!p.policy(forOrganizer: "u-bob").blocks(.acs))
    }

    @Test("a lone policy object and a lone client type string are accepted, as ConvertTo-Json writes them")
    func convertToJsonShapes() throws {
        let p = try load(#"{"meeting_policies":{"Identity":"Global","BlockedAnonymousJoinClientTypes":"Teams"}}"#)
        #expect(p.global.blockedAnonymousJoinClientTypes == [.teams])
    }

    @Test("effective_from is read as an instant")
    func effectiveFrom() throws {
        let p = try load(#"{"effective_from":"2026-11-23T10:00:03.500Z","meeting_policies":[{"Identity":"Global"}]}"#)
        #expect(p.effectiveFrom == Timestamp(rfc3339: "2026-11-23T10:00:03.5Z"))
        #expect(throws: PolicyFileError.wrongType(file: "p.json", policy: nil, key: "effective_from", value: "\"yesterday\"", expected: "an RFC 3339 time with an offset")) {
            try load(#"{"effective_from":"yesterday","meeting_policies":[{"Identity":"Global"}]}"#)
        }
    }

    @Test("a wrong type names the file, the policy, the key and the value")
    func wrongTypes() {
        #expect(throws: PolicyFileError.wrongType(file: "p.json", policy: "Global", key: "AllowAnonymousUsersToJoinMeeting", value: "1", expected: "true or false")) {
            try load(#"{"meeting_policies":[{"Identity":"Global","AllowAnonymousUsersToJoinMeeting":1}]}"#)
        }
        #expect(throws: PolicyFileError.wrongType(file: "p.json", policy: nil, key: "meeting_configuration.DisableAnonymousJoin", value: "\"false\"", expected: "true or false")) {
            try load(#"{"meeting_configuration":{"DisableAnonymousJoin":"false"},"meeting_policies":[{"Identity":"Global"}]}"#)
        }
        #expect(throws: PolicyFileError.wrongType(file: "p.json", policy: "Global", key: "AutoAdmittedUsers", value: "true", expected: "a string")) {
            try load(#"{"meeting_policies":[{"Identity":"Global","AutoAdmittedUsers":true}]}"#)
        }
    }

    @Test("unknown values list what is allowed")
    func unknownValues() {
        #expect(throws: PolicyFileError.unknownValue(file: "p.json", policy: "Global", key: "BlockedAnonymousJoinClientTypes", value: "\"Skype\"", allowed: ["Acs", "Teams"])) {
            try load(#"{"meeting_policies":[{"Identity":"Global","BlockedAnonymousJoinClientTypes":["Acs","Skype"]}]}"#)
        }
    }

    @Test("structure: Global required, no duplicates, assignments to existing policies, valid JSON")
    func structure() {
        #expect(throws: PolicyFileError.missingGlobal(file: "p.json")) { try load(#"{"meeting_policies":[{"Identity":"Tag:A"}]}"#) }
        #expect(throws: PolicyFileError.duplicatePolicy(file: "p.json", policy: "A")) {
            try load(#"{"meeting_policies":[{"Identity":"Global"},{"Identity":"Tag:A"},{"Identity":"A"}]}"#)
        }
        #expect(throws: PolicyFileError.danglingAssignment(file: "p.json", organizer: "u", policy: "B")) {
            try load(#"{"meeting_policies":[{"Identity":"Global"}],"policy_assignments":{"u":"B"}}"#)
        }
        #expect(throws: (any Error).self) { try load("{not json") }
    }

    @Test("error messages are one sentence naming what to fix")
    func messages() {
        let error = PolicyFileError.wrongType(file: "p.json", policy: "ExternalEvents", key: "AllowPSTNUsersToBypassLobby", value: "\"yes\"", expected: "true or false")
        #expect(error.description == "p.json: in meeting policy ExternalEvents, key AllowPSTNUsersToBypassLobby has value \"yes\", but it must be true or false")
    }
}

import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// `policy import`: PowerShell's `ConvertTo-Json` exports into the contract's policy file.
@Suite("Policy import")
struct PolicyImportTests {
    static let samples: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/powershell/\(name)", withExtension: nil)!.path
    }

    func sample(_ path: String) -> String { Self.samples + "/" + path }

    func importing(policies: String, users: String? = nil, configuration: String? = nil, organizerKey: String = "Identity") throws(PolicyImportError) -> PowerShellPolicyImport.Imported {
        try PowerShellPolicyImport(configurationFile: configuration.map(fixture), policiesFile: fixture(policies), usersFile: users.map(fixture),
                                   organizerKey: organizerKey).run()
    }

    func error(_ body: () throws -> Void) -> PolicyImportError? {
        do { try body() } catch { return error as? PolicyImportError }
        return nil
    }

    @Test("the shipped exports give samples/policy.json, plus Microsoft's unassigned preset AllOn")
    func samplesMatchPolicyFile() throws {
        let imported = try PowerShellPolicyImport(
            configurationFile: sample("samples/powershell/meeting-configuration.json"), policiesFile: sample("samples/powershell/meeting-policies.json"),
            usersFile: sample("samples/powershell/users.json"), tenantID: "t-contoso").run()
        let written = try PolicyFileLoader.load(data: Data(PolicyFileWriter.text(imported).utf8), name: "imported.json")
        let reference = try PolicyFileLoader.load(path: sample("samples/policy.json"))
        #expect(written.tenantID == reference.tenantID)
        #expect(written.configuration == reference.configuration)
        #expect(written.assignments == reference.assignments)
        #expect(written.policyNames == ["Global", "AllOn", "ExternalEvents", "NoAnonymous", "PhoneFirst"])
        for name in reference.policyNames {
            #expect(written.policy(named: name) == reference.policy(named: name), "policy \(name)")
        }
        #expect(imported.users == 6 && imported.usersWithGlobal == 3)
    }

    @Test("a lone policy object (ConvertTo-Json of one item) is a list of one; unknown keys are ignored")
    func singleObject() throws {
        let imported = try importing(policies: "policies-single-object.json")
        #expect(imported.policies.map(\.name) == ["Global"])
        #expect(imported.policies.first?.blockedAnonymousJoinClientTypes == [])
    }

    @Test("the {\"value\": [...], \"Count\": n} wrapper of Windows PowerShell is unwrapped; \"True\", a lone client type and any letter case are read")
    func valueCountWrapper() throws {
        let imported = try importing(policies: "policies-value-count.json")
        #expect(imported.policies.map(\.name) == ["Global", "Events"])
        let events = imported.tenantPolicy.policy(named: "Events")
        #expect(events?.allowAnonymousUsersToStartMeeting == true)
        #expect(events?.autoAdmittedUsers == .everyone)
        #expect(events?.blockedAnonymousJoinClientTypes == [.acs])
    }

    @Test("UTF-8 with a BOM and UTF-16 LE with a BOM (Windows PowerShell's >) read the same")
    func encodings() throws {
        let utf8 = try importing(policies: "policies-utf8-bom.json")
        let utf16 = try importing(policies: "policies-utf16le-bom.json")
        let plain = try importing(policies: "policies-value-count.json")
        #expect(utf8.policies == plain.policies)
        #expect(utf16.policies == plain.policies)
    }

    @Test("the meeting configuration as a one-item list with a BOM")
    func configuration() throws {
        let imported = try importing(policies: "policies-single-object.json", configuration: "configuration-array-bom.json")
        #expect(imported.configuration == MeetingConfiguration(disableAnonymousJoin: true, disableAppInteractionForAnonymousUsers: false))
    }

    @Test("TeamsMeetingPolicy as a name, Tag:NAME, an object with Name, any case; null, empty and Global are Global and left out")
    func userForms() throws {
        let imported = try importing(policies: "policies-value-count.json", users: "users-forms.json")
        #expect(imported.assignments == ["u-1": "Events", "u-2": "Events", "u-6": "Events"])
        #expect(imported.users == 6 && imported.usersWithGlobal == 3)
        let one = try importing(policies: "policies-value-count.json", users: "users-single-object.json")
        #expect(one.assignments == ["u-1": "Events"])
    }

    @Test("--organizer-key UserPrincipalName keys the assignments by UPN")
    func organizerKey() throws {
        let imported = try importing(policies: "policies-value-count.json", users: "users-forms.json", organizerKey: "UserPrincipalName")
        #expect(Set(imported.assignments.keys) == ["one@contoso.com", "two@contoso.com", "six@contoso.com"])
    }

    @Test("an enumeration written as a number is refused with the re-export advice, naming file, policy, key and value")
    func numericEnum() {
        let failure = error { _ = try importing(policies: "policies-numeric-enum.json") }
        #expect(failure == .numericEnum(file: fixture("policies-numeric-enum.json"), record: "meeting policy Global", key: "AutoAdmittedUsers", value: "2"))
        #expect(failure?.description.contains("-EnumsAsStrings") == true)
    }

    @Test("an unknown AutoAdmittedUsers and a wrong type name the key and the value")
    func badValues() {
        let unknown = error { _ = try importing(policies: "policies-unknown-value.json") }
        guard case .unknownValue(_, "meeting policy Global", "AutoAdmittedUsers", "\"Everybody\"", _)? = unknown else {
            Issue.record("got \(String(describing: unknown))")
            return
        }
        let wrong = error { _ = try importing(policies: "policies-wrong-type.json") }
        #expect(wrong == .wrongType(file: fixture("policies-wrong-type.json"), record: "meeting policy Tag:Events", key: "AllowPSTNUsersToBypassLobby",
                                    value: "\"sometimes\"", expected: "true or false"))
    }

    @Test("no Global, a user's unknown policy, a user listed twice with two policies, a user without the key: errors")
    func structuralErrors() {
        #expect(error { _ = try importing(policies: "policies-no-global.json") } == .missingGlobal(file: fixture("policies-no-global.json")))
        #expect(error { _ = try importing(policies: "policies-value-count.json", users: "users-unknown-policy.json") }
                == .unknownPolicy(file: fixture("users-unknown-policy.json"), user: "u-9", policy: "Webinars", policiesFile: fixture("policies-value-count.json")))
        #expect(error { _ = try importing(policies: "policies-value-count.json", users: "users-conflict.json") }
                == .conflictingAssignment(file: fixture("users-conflict.json"), user: "u-1", first: "Events", second: "Global"))
        #expect(error { _ = try importing(policies: "policies-value-count.json", users: "users-no-identity.json") }
                == .missingKey(file: fixture("users-no-identity.json"), record: "user #1", key: "Identity"))
    }

    @Test("hostile user ids are JSON-escaped in the written file, which reads back")
    func hostileText() throws {
        let imported = try importing(policies: "policies-value-count.json", users: "users-hostile.json")
        let text = PolicyFileWriter.text(imported)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains(#""u-\"evil\"\u000a\u001b[2J": "Events""#))
        let back = try PolicyFileLoader.load(data: Data(text.utf8), name: "x")
        #expect(back.assignments == ["u-\"evil\"\n\u{1B}[2J": "events"])
    }

    @Test("not JSON: an error naming the file")
    func notJSON() {
        let failure = error { _ = try PowerShellJSON.parse(Data("Identity : Global".utf8), file: "policies.txt") }
        guard case .notJSON("policies.txt", _)? = failure else {
            Issue.record("got \(String(describing: failure))")
            return
        }
    }
}

import Foundation
import Testing

/// `joinaudit policy import`, `policy check`, `policy explain` on the samples.
@Suite("policy command")
struct PolicyCommandTests {
    /// (severity, check id, policies) of each finding of `policy check --format json`.
    func checks(_ stdout: String) throws -> Set<String> {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        return Set(findings.map { "\($0["severity"]!) \($0["check"]!) \(($0["policies"] as! [String]).joined(separator: ","))" })
    }

    @Test("policy check on samples/policy.json: its findings with their baseline ids, exit 1 (high findings)")
    func checkSamples() throws {
        let text = try CLI.run(["policy", "check", "--policy", "samples/policy.json"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("high     anonymous_start_allowed        MS.TEAMS.1.2\n"))
        #expect(text.stdout.contains("high     everyone_bypasses_lobby        MS.TEAMS.1.3\n"))
        #expect(text.stdout.contains("medium   dial_in_bypasses_lobby         MS.TEAMS.1.3,MS.TEAMS.1.5\n"))
        #expect(text.stdout.contains("11 findings: 2 high, 3 medium, 3 low, 3 info; baseline items not met: MS.TEAMS.1.2, MS.TEAMS.1.3, MS.TEAMS.1.5\n"))
        let json = try CLI.run(["policy", "check", "--policy", "samples/policy.json", "--format", "json"])
        #expect(json.status == 1)
        #expect(try checks(json.stdout) == [
            "high anonymous_start_allowed ExternalEvents", "high everyone_bypasses_lobby ExternalEvents",
            "medium external_bypasses_lobby PhoneFirst", "medium dial_in_bypasses_lobby ExternalEvents", "medium dial_in_bypasses_lobby PhoneFirst",
            "low anonymous_join_on Global", "low anonymous_join_on ExternalEvents", "low anonymous_join_on PhoneFirst",
            "info organizer_differs_from_global ExternalEvents", "info organizer_differs_from_global NoAnonymous",
            "info organizer_differs_from_global PhoneFirst",
        ])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(root["baseline_not_met"] as? [String] == ["MS.TEAMS.1.2", "MS.TEAMS.1.3", "MS.TEAMS.1.5"])
    }

    @Test("policy check exit status: --fail-on none is 0, --fail-on critical is 0 (no critical check), a bad file is 2")
    func checkExitStatus() throws {
        #expect(try CLI.run(["policy", "check", "--policy", "samples/policy.json", "--fail-on", "none"]).status == 0)
        #expect(try CLI.run(["policy", "check", "--policy", "samples/policy.json", "--fail-on", "critical"]).status == 0)
        let missing = try CLI.run(["policy", "check", "--policy", "no-such-policy.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-policy.json"))
    }

    @Test("policy import of the shipped exports, then policy check: the same findings plus Microsoft's unused preset AllOn")
    func importThenCheck() throws {
        let dir = try CLI.temporaryDirectory()
        let output = dir.appendingPathComponent("imported.json").path
        let imported = try CLI.run(["policy", "import", "--configuration", "samples/powershell/meeting-configuration.json",
                                    "--policies", "samples/powershell/meeting-policies.json", "--users", "samples/powershell/users.json",
                                    "--tenant-id", "t-contoso", "--output", output])
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("imported 5 meeting policies and 6 users (3 with a Tag: policy, 3 with Global)"))
        let check = try CLI.run(["policy", "check", "--policy", output, "--format", "json"])
        let reference = try checks(try CLI.run(["policy", "check", "--policy", "samples/policy.json", "--format", "json"]).stdout)
        #expect(try checks(check.stdout).subtracting(reference) == [
            "info unused_policy AllOn", "low anonymous_join_on AllOn", "medium external_bypasses_lobby AllOn", "low no_anonymous_client_blocked AllOn",
        ])
        #expect(try checks(check.stdout).isSuperset(of: reference))
    }

    @Test("policy import: a numeric enumeration is an input error naming file, key and value (exit 2)")
    func importError() throws {
        let result = try CLI.run(["policy", "import", "--policies", CLI.fixture("powershell-policies-numeric-enum.json")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("powershell-policies-numeric-enum.json: meeting policy Global key AutoAdmittedUsers has the number 2"))
        #expect(result.stdout.isEmpty)
    }

    @Test("policy explain: an anonymous person at an ExternalEvents meeting may start it; the trace lists the settings in order")
    func explainStartAllowed() throws {
        let result = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-erin", "--identity", "anonymous"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("organizer u-erin: meeting policy ExternalEvents\n"))
        #expect(result.stdout.contains("expected: admitted (rule start_allowed)\n"))
        let trace = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { $0.split(separator: " ")[1] }
        #expect(trace == ["identity", "DisableAnonymousJoin", "AllowAnonymousUsersToJoinMeeting", "BlockedAnonymousJoinClientTypes", "role",
                          "AutoAdmittedUsers", "session", "AllowAnonymousUsersToStartMeeting"])
    }

    @Test("policy explain: u-bob's NoAnonymous refuses a one-way-trust external person; Global blocks ACS; a started session lets a caller in only with bypass")
    func explainOthers() throws {
        let bob = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-bob", "--identity", "external", "--trust", "outbound", "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(bob.stdout.utf8)) as? [String: Any])
        #expect(root["expected"] as? String == "rejected")
        #expect(root["rule"] as? String == "organizer_anonymous_join_off")
        let acs = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-ada", "--identity", "anonymous", "--client", "acs"])
        #expect(acs.stdout.contains("expected: rejected (rule client_blocked)\n"))
        let caller = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-dan", "--identity", "dial_in", "--started"])
        #expect(caller.stdout.contains("expected: admitted (rule pstn_bypass)\n"))
        let held = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-ada", "--identity", "dial_in", "--started"])
        #expect(held.stdout.contains("expected: lobby (rule lobby_required)\n"))
        let option = try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-ada", "--identity", "guest",
                                  "--meeting-auto-admitted-users", "EveryoneInCompany"])
        #expect(option.stdout.contains("expected: admitted (rule lobby_bypass)\n"))
        #expect(try CLI.run(["policy", "explain", "--policy", "samples/policy.json", "--organizer", "u-ada", "--identity", "robot"]).status == 2)
    }
}

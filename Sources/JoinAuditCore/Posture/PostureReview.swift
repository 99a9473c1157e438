/// Judges a policy file's settings against the seed's advice and the public baseline, the
/// way a posture scanner does, but for every policy (ScubaGear judges MS.TEAMS.1.3 and 1.4 on
/// `Global` only) and naming the organizers each applies to. A pure function of the file.
public enum PostureReview {
    /// The findings, most severe first, then in check order, then in the file's policy order.
    public static func review(_ tenant: TenantPolicy) -> [PostureFinding] {
        let policies = tenant.policyNames.compactMap { tenant.policy(named: $0) }
        var findings: [PostureFinding] = []
        for policy in policies {
            findings += perPolicy(policy, tenant: tenant)
        }
        if let finding = orgWideAnonymousSetting(policies, tenant: tenant) { findings.append(finding) }
        let order = Dictionary(uniqueKeysWithValues: PostureCheck.allCases.enumerated().map { ($1, $0) })
        return findings.enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            if a.element.check != b.element.check { return order[a.element.check]! < order[b.element.check]! }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The organizers the file assigns to the named policy, sorted.
    public static func organizers(of policy: String, in tenant: TenantPolicy) -> [String] {
        let key = policy.lowercased()
        return tenant.assignments.filter { $0.value == key }.map(\.key).sorted()
    }

    private static func perPolicy(_ policy: OrganizerPolicy, tenant: TenantPolicy) -> [PostureFinding] {
        let isGlobal = policy.name == MeetingPolicy.globalName
        let assigned = organizers(of: policy.name, in: tenant)
        func found(_ check: PostureCheck, _ detail: String) -> PostureFinding {
            PostureFinding(check: check, policies: [policy.name], organizers: assigned, includesUnassignedOrganizers: isGlobal, detail: detail)
        }
        let configuration = tenant.configuration
        let anonymousJoin = !configuration.disableAnonymousJoin && policy.allowAnonymousUsersToJoinMeeting
        let auto = policy.autoAdmittedUsers
        var findings: [PostureFinding] = []

        if anonymousJoin {
            findings.append(found(.anonymousJoinOn,
                "DisableAnonymousJoin is false and AllowAnonymousUsersToJoinMeeting is true, so anyone with the link can join these organizers' meetings anonymously"))
        }
        if policy.allowAnonymousUsersToStartMeeting {
            findings.append(found(.anonymousStartAllowed, startDetail(policy, anonymousJoin: anonymousJoin)))
        }
        if auto == .everyone {
            let tail = anonymousJoin ? "" : " (anonymous join is off for them today, so it matters once it is turned on)"
            findings.append(found(.everyoneBypassesLobby,
                "AutoAdmittedUsers is Everyone, so anonymous people and people from untrusted organizations join without waiting in the lobby\(tail)"))
        }
        if auto == .everyoneInCompany || auto == .everyoneInSameAndFederatedCompany {
            let who = auto == .everyoneInCompany ? "guests" : "guests and people from trusted (federated) organizations"
            findings.append(found(.externalBypassesLobby, "AutoAdmittedUsers is \(auto.rawValue), so \(who) join without waiting in the lobby"))
        }
        if auto == .organizerOnly || auto == .invitedUsers {
            let who = auto == .organizerOnly ? "everyone but organizers and co-organizers" : "everyone not invited"
            findings.append(found(.internalNotAutoAdmitted, "AutoAdmittedUsers is \(auto.rawValue), so \(who), people of the organization included, waits in the lobby"))
        }
        if policy.allowPSTNUsersToBypassLobby {
            findings.append(found(.dialInBypassesLobby,
                "AllowPSTNUsersToBypassLobby is true, so dial-in callers join without waiting in the lobby once a meeting has started"))
        }
        if anonymousJoin && policy.blockedAnonymousJoinClientTypes.isEmpty {
            findings.append(found(.noAnonymousClientBlocked,
                "BlockedAnonymousJoinClientTypes is null, so anonymous people may join from any client, custom Azure Communication Services (ACS) clients included"))
        }
        if !isGlobal && assigned.isEmpty {
            findings.append(found(.unusedPolicy,
                "no organizer in policy_assignments has meeting policy \(policy.name) (assignments made through groups are not in the file)"))
        }
        if !isGlobal && !assigned.isEmpty {
            let differences = policy.settingDifferences(from: tenant.global)
            if !differences.isEmpty {
                findings.append(found(.organizerDiffersFromGlobal,
                    "meeting policy \(policy.name) differs from Global in " + differences.joined(separator: ", ")))
            }
        }
        return findings
    }

    private static func startDetail(_ policy: OrganizerPolicy, anonymousJoin: Bool) -> String {
        let auto = policy.autoAdmittedUsers
        var sentence = "AllowAnonymousUsersToStartMeeting is true"
        if auto == .everyone {
            sentence += " and AutoAdmittedUsers is Everyone, so "
            sentence += anonymousJoin ? "anonymous people and dial-in callers" : "dial-in callers (anonymous join is off)"
            sentence += " can start these organizers' meetings with nobody verified present, also at unscheduled times"
        } else if policy.allowOrganizersToOverrideLobbySettings {
            sentence += "; it applies only when Who can bypass the lobby is Everyone (AutoAdmittedUsers is \(auto.rawValue)), which organizers may set for their own meetings (AllowOrganizersToOverrideLobbySettings is true)"
        } else {
            sentence += "; it applies only when Who can bypass the lobby is Everyone, and AutoAdmittedUsers is \(auto.rawValue) with organizers not allowed to change it, so it has no effect today"
        }
        return sentence
    }

    private static func orgWideAnonymousSetting(_ policies: [OrganizerPolicy], tenant: TenantPolicy) -> PostureFinding? {
        guard tenant.configuration.disableAnonymousJoin else { return nil }
        let open = policies.filter(\.allowAnonymousUsersToJoinMeeting)
        guard !open.isEmpty else { return nil }
        let names = open.map(\.name)
        let assigned = names.flatMap { organizers(of: $0, in: tenant) }.sorted()
        return PostureFinding(
            check: .orgWideAnonymousSetting, policies: names, organizers: assigned,
            includesUnassignedOrganizers: names.contains(MeetingPolicy.globalName),
            detail: "DisableAnonymousJoin is true, which alone keeps anonymous people out, while AllowAnonymousUsersToJoinMeeting is true in \(names.joined(separator: ", ")); the seed recommends the per-organizer setting, and once the org-wide one is deprecated these organizers' meetings will take anonymous people: set AllowAnonymousUsersToJoinMeeting to false where anonymous join is not wanted")
    }
}

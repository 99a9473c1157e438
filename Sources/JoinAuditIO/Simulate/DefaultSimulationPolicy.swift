import Foundation
import JoinAuditCore

extension DaySimulator {
    /// The policy a simulated day is judged by when the user gives none: shaped like
    /// `samples/policy.json` (a `Global` policy that holds anonymous people and guests in the
    /// lobby and blocks ACS clients, an events policy that lets everyone in and anonymous
    /// people start, one without anonymous join, one for phone-first teams, one for
    /// confidential meetings), with organizers' ids as GUIDs. `joinaudit simulate
    /// --write-policy FILE` writes it out so the day can be analyzed with it.
    public static let defaultPolicyJSON = """
        {
          "tenant_id": "t-contoso",
          "meeting_configuration": {
            "DisableAnonymousJoin": false,
            "DisableAppInteractionForAnonymousUsers": true
          },
          "meeting_policies": [
            {
              "Identity": "Global",
              "AllowAnonymousUsersToJoinMeeting": true,
              "AllowAnonymousUsersToStartMeeting": false,
              "AutoAdmittedUsers": "EveryoneInCompanyExcludingGuests",
              "AllowPSTNUsersToBypassLobby": false,
              "BlockedAnonymousJoinClientTypes": ["Acs"],
              "AllowOrganizersToOverrideLobbySettings": true
            },
            {
              "Identity": "Tag:ExternalEvents",
              "AutoAdmittedUsers": "Everyone",
              "AllowAnonymousUsersToStartMeeting": true,
              "AllowPSTNUsersToBypassLobby": true,
              "BlockedAnonymousJoinClientTypes": null
            },
            {
              "Identity": "Tag:NoAnonymous",
              "AllowAnonymousUsersToJoinMeeting": false
            },
            {
              "Identity": "Tag:PhoneFirst",
              "AllowPSTNUsersToBypassLobby": true,
              "AutoAdmittedUsers": "EveryoneInCompany"
            },
            {
              "Identity": "Tag:Confidential",
              "AutoAdmittedUsers": "InvitedUsers",
              "BlockedAnonymousJoinClientTypes": ["Acs", "Teams"],
              "AllowOrganizersToOverrideLobbySettings": false
            }
          ],
          "policy_assignments": {
            "0b6f2d1e-4c8a-4f3b-9e27-5a1d3c7e9f02": "ExternalEvents",
            "1c7e3f2a-5d9b-4a4c-8f38-6b2e4d8f0a13": "ExternalEvents",
            "2d8f4a3b-6eac-4b5d-9a49-7c3f5e9a1b24": "ExternalEvents",
            "3e9a5b4c-7fbd-4c6e-8b5a-8d4a6fab2c35": "ExternalEvents",
            "4fab6c5d-8ace-4d7f-9c6b-9e5b7abc3d46": "NoAnonymous",
            "5abc7d6e-9bdf-4e8a-8d7c-af6c8bcd4e57": "NoAnonymous",
            "6bcd8e7f-acea-4f9b-9e8d-ba7d9cde5f68": "NoAnonymous",
            "7cde9f8a-bdfb-4aac-8f9e-cb8eadef6a79": "PhoneFirst",
            "8defa09b-ceac-4bbd-9aaf-dc9fbefa7b8a": "PhoneFirst",
            "9efab1ac-dfbd-4cce-8bba-edaacfab8c9b": "PhoneFirst",
            "afabc2bd-eace-4ddf-9ccb-febbdabc9dac": "Confidential",
            "babcd3ce-fbdf-4eea-8ddc-afccebcdaebd": "Confidential"
          }
        }

        """

    /// `defaultPolicyJSON`, loaded.
    public static func defaultPolicy() -> TenantPolicy {
        do {
            return try PolicyFileLoader.load(data: Data(defaultPolicyJSON.utf8), name: "(built-in simulation policy)")
        } catch {
            preconditionFailure("the built-in simulation policy does not load: \(error)")
        }
    }
}

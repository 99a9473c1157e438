/// Who a participant counts as (semantics.md §1; seed: "Anonymous participants are anonymous
/// because they are not logged in to an account that can be verified by Microsoft 365").
public struct ResolvedIdentity: Sendable, Equatable {
    public var effective: EffectiveIdentity
    /// Verified: internal, guest, federated, and a dial-in participant who is the organizer
    /// (seed: "a verified participant (including a dial-in organizer)").
    public var isVerified: Bool
    /// Why, when the effective identity differs from the logged one; empty otherwise.
    public var explanation: String

    /// Borrows the request: an initializer takes its arguments owned, so every join request
    /// was copied to come here, with a retain and release of each of its strings (callgrind).
    public init(of request: borrowing JoinRequest, organizerTenant: String) {
        switch request.identity {
        case .internal:
            effective = .internal
            explanation = ""
        case .guest:
            effective = .guest
            explanation = ""
        case .anonymous:
            effective = .anonymous
            explanation = ""
        case .dialIn:
            effective = .dialIn
            explanation = ""
        case .external:
            if request.externalAccess == false {
                effective = .anonymous
                explanation = "external participant whose account is not enabled for external access counts as anonymous"
            } else if request.trust == .mutual {
                effective = .federated
                explanation = ""
            } else {
                effective = .anonymous
                let trust = request.trust ?? .none
                let organization = request.homeTenantID.map { " (\($0))" } ?? ""
                switch trust {
                case .outbound:
                    explanation = "external participant from an organization\(organization) that does not trust \(organizerTenant) counts as anonymous"
                case .inbound:
                    explanation = "external participant from an organization\(organization) that \(organizerTenant) does not trust counts as anonymous"
                case .none, .mutual:
                    explanation = "external participant from an organization\(organization) with no external access to \(organizerTenant) counts as anonymous"
                }
            }
        }
        isVerified = ResolvedIdentity.verified(effective, role: request.role)
    }

    public static func verified(_ identity: EffectiveIdentity, role: Role) -> Bool {
        switch identity {
        case .internal, .guest, .federated: true
        case .anonymous: false
        case .dialIn: role == .organizer
        }
    }

    /// A short noun phrase for sentences: "anonymous participant", "dial-in caller".
    public var noun: String {
        switch effective {
        case .internal: "internal participant"
        case .guest: "guest"
        case .federated: "participant from a trusted organization"
        case .anonymous: "anonymous participant"
        case .dialIn: isVerified ? "dial-in organizer" : "dial-in caller"
        }
    }
}

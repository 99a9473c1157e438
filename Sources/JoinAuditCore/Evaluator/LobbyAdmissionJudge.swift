/// Who let a waiting person in, and whether they could (semantics.md §5, "On each
/// `lobby_admitted`"). The person's join request is judged again as things stand now; this
/// decides what that judgement and the admitter mean together.
public enum LobbyAdmissionJudge {
    /// What is known of the admitter at the moment of admission.
    public enum Admitter: Sendable, Equatable {
        /// `actor_id` `system`: the service admitted them by itself.
        case service
        /// `actor_id` `unknown`: the source does not say.
        case unknown(eligibleAdmitterPresent: Bool)
        /// A named participant; `present` is nil when they are not in the session now.
        case participant(id: String, present: PresentAdmitter?)
    }

    public struct PresentAdmitter: Sendable, Equatable {
        public var role: Role
        public var isVerified: Bool
        public init(role: Role, isVerified: Bool) {
            self.role = role
            self.isVerified = isVerified
        }
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        case unexpected(severity: Severity, rule: RuleName, because: String)
    }

    public static func judge(_ decision: JoinDecision, admitter: Admitter) -> Verdict {
        if decision.expected == .rejected {
            return .unexpected(severity: .critical, rule: decision.rule, because: "\(decision.because), yet they were let in from the lobby")
        }
        switch admitter {
        case .service:
            if decision.expected == .admitted { return .allowed }
            return .unexpected(severity: .high, rule: decision.rule, because: "\(decision.because), yet the service let them in from the lobby by itself")
        case .unknown(let eligibleAdmitterPresent):
            if decision.expected == .admitted || eligibleAdmitterPresent { return .allowed }
            return .unexpected(
                severity: .high, rule: decision.rule,
                because: "\(decision.because); the log does not say who let them in, and no verified organizer, co-organizer or presenter was in the meeting who could have")
        case .participant(let id, let present):
            guard let present else {
                return .unexpected(severity: .high, rule: .unverifiedActor, because: "\(id) let them in from the lobby but was not in the meeting; only verified organizers, co-organizers and presenters in the meeting may admit people")
            }
            guard present.isVerified else {
                return .unexpected(severity: .high, rule: .unverifiedActor, because: "\(id) let them in from the lobby but is not verified; only verified organizers, co-organizers and presenters in the meeting may admit people")
            }
            guard present.role.mayAdmitFromLobby else {
                return .unexpected(severity: .high, rule: .unverifiedActor, because: "\(id) let them in from the lobby but is an \(present.role.rawValue); only verified organizers, co-organizers and presenters in the meeting may admit people")
            }
            return .allowed
        }
    }
}

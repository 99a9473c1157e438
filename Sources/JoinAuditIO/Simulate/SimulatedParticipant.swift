import JoinAuditCore

/// One person of a simulated session, kept as numbers: their id, name and address are
/// computed when an event names them, so a session of 400 people costs a few kilobytes.
struct SimulatedParticipant {
    /// Who they are to the tenant, before trust is applied.
    enum Kind: UInt8 {
        /// An account of the tenant.
        case member
        case guest
        /// Someone signed in to another organization (`PartnerOrganization`).
        case partner
        case anonymous
        case dialIn
    }

    /// Where they are, mirroring what the replay will make of the events written so far.
    enum State: UInt8 {
        case expected
        case lobby
        case present
        case gone
    }

    var kind: Kind
    var role: Role = .attendee
    var client: Client = .teams
    var state: State = .expected
    var partner: UInt8 = 0
    var externalAccess = true
    var invited = false
    /// Their id is the meeting organizer's (the organizer, or the organizer dialing in).
    var isOrganizer = false
    var hasRejoined = false
    /// How they count, from their latest join request (semantics.md §1).
    var isVerified = false
    var isEffectivelyAnonymous = false
    /// App actions still to come while they are in the meeting.
    var appActions: UInt8 = 0
    /// For anonymous people: which kind of name they typed.
    var nameChoice: UInt8 = 0
    /// A directory index (members, guests, partners' people) or a random key (everyone else).
    var key: UInt64
    var address: UInt32 = 0
    var arriveAt: Int64 = 0
    var leaveAt: Int64 = 0
    var lobbySince: Int64 = 0
    /// How long they wait in the lobby before giving up, in milliseconds.
    var patience: Int32 = 600_000

    init(kind: Kind, key: UInt64) {
        self.kind = kind
        self.key = key
    }

    var loggedIdentity: LoggedIdentity {
        switch kind {
        case .member: .internal
        case .guest: .guest
        case .partner: .external
        case .anonymous: .anonymous
        case .dialIn: .dialIn
        }
    }

    /// May let people in from the lobby, if present (semantics.md §5).
    var isEligibleAdmitter: Bool { state == .present && isVerified && role.mayAdmitFromLobby }
}

/// The kinds of meeting a tenant holds in a day, with their sizes, lengths and who comes.
enum MeetingKind: Int, CaseIterable {
    case oneOnOne
    case team
    case external
    case townHall
    case phoneConference
    case customerCall

    /// Share of the day's meetings under a policy that holds outsiders in the lobby, and under
    /// one that lets everyone in (whose organizers run the public events).
    static let ordinaryWeights: [Double] = [0.24, 0.47, 0.14, 0.025, 0.07, 0.055]
    static let openWeights: [Double] = [0.08, 0.22, 0.25, 0.2, 0.05, 0.2]

    /// Events a session of this kind writes, on average, before the simulator has seen any
    /// (it learns the real average as the day goes).
    var expectedEvents: Double {
        switch self {
        case .oneOnOne: 7
        case .team: 20
        case .external: 24
        case .townHall: 230
        case .phoneConference: 16
        case .customerCall: 12
        }
    }

    /// The people besides the organizer.
    func guestCount(_ random: inout SimulationRandom) -> Int {
        switch self {
        case .oneOnOne: 1
        case .team: min(24, 2 + Int(random.logNormal(median: 4, sigma: 0.55)))
        case .external: min(30, 2 + Int(random.logNormal(median: 5, sigma: 0.6)))
        case .townHall: min(500, 25 + Int(random.logNormal(median: 60, sigma: 0.75)))
        case .phoneConference: min(12, 2 + Int(random.logNormal(median: 3, sigma: 0.5)))
        case .customerCall: random.between(1, 4)
        }
    }

    /// Scheduled length in minutes.
    func minutes(_ random: inout SimulationRandom) -> Int64 {
        switch self {
        case .oneOnOne: random.chance(0.6) ? 15 : 30
        case .team, .phoneConference: [30, 30, 45, 60, 60][random.below(5)]
        case .external: random.chance(0.5) ? 30 : 60
        case .townHall: random.chance(0.6) ? 60 : 90
        case .customerCall: [15, 30, 30, 45][random.below(4)]
        }
    }

    /// Shares of member, guest, partner, anonymous and dial-in among the people who come.
    var mix: [Double] {
        switch self {
        case .oneOnOne: [0.80, 0.08, 0.10, 0.0, 0.02]
        case .team: [0.915, 0.04, 0.035, 0.005, 0.005]
        case .external: [0.45, 0.10, 0.28, 0.12, 0.05]
        case .townHall: [0.40, 0.07, 0.08, 0.35, 0.10]
        case .phoneConference: [0.45, 0.05, 0.0, 0.0, 0.50]
        case .customerCall: [0.30, 0.0, 0.0, 0.70, 0.0]
        }
    }

    /// Whether the lobby opens this long before the scheduled start (people come early to
    /// public events).
    var earlyMinutes: Int64 {
        switch self {
        case .townHall, .customerCall, .external: 10
        default: 6
        }
    }
}

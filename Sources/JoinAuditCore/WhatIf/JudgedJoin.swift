/// One join request as a policy judged it: the evidence (event, participant, logged outcome)
/// and the decision. What-if pairs the same event's `JudgedJoin` under two policies.
public struct JudgedJoin: Sendable, Equatable {
    public var eventSeq: Int64
    public var eventID: String
    public var ts: Timestamp
    public var tsText: String
    public var meetingID: String
    /// The organizer as the replay knew them (the event's own, or the meeting's).
    public var organizerID: String?
    /// The organizer's policy name under the judging policy file.
    public var policy: String
    public var participantID: String
    /// Attacker-controlled for anonymous people: escape it on output.
    public var displayName: String?
    public var identity: EffectiveIdentity
    public var client: Client
    /// What the service did.
    public var logged: Outcome
    public var decision: JoinDecision
    public var source: SourceLocation

    public init(logged event: LoggedEvent, request: JoinRequest, identity: EffectiveIdentity, organizerID: String?,
                policy: String, decision: JoinDecision) {
        eventSeq = event.seq
        eventID = event.event.id
        ts = event.event.ts
        tsText = event.event.tsText
        meetingID = event.event.meetingID
        self.organizerID = organizerID
        self.policy = policy
        participantID = request.participantID
        displayName = request.displayName
        self.identity = identity
        client = request.client
        self.logged = request.outcome
        self.decision = decision
        source = event.source
    }
}

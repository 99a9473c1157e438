/// One policy file: the org-wide configuration, the meeting policies and who has which.
/// Built by the loader at the edge; merging is done once here so lookups are cheap.
public struct TenantPolicy: Sendable {
    /// The tenant the file describes, when it says.
    public var tenantID: String?
    public var configuration: MeetingConfiguration
    /// From when this file is in force; `nil`: from the beginning.
    public var effectiveFrom: Timestamp?
    /// Where the policy came from (a file path), for messages and reports.
    public var origin: String
    public private(set) var policies: [String: OrganizerPolicy]
    /// Organizer user id → policy name (without `Tag:`).
    public private(set) var assignments: [String: String]
    /// The file's policies in their written order (for reports).
    public private(set) var policyNames: [String]

    public enum BuildError: Error, Equatable {
        case missingGlobal
        case duplicatePolicy(String)
        case danglingAssignment(organizer: String, policy: String)
    }

    /// Merges every `Tag:` policy over `Global` and checks assignments. `policies` names must
    /// already have `Tag:` stripped.
    public init(
        tenantID: String?, configuration: MeetingConfiguration, policies: [MeetingPolicy],
        assignments: [String: String], effectiveFrom: Timestamp? = nil, origin: String = ""
    ) throws(BuildError) {
        guard let global = policies.first(where: { $0.name.lowercased() == MeetingPolicy.globalName.lowercased() }) else {
            throw .missingGlobal
        }
        var canonicalGlobal = global
        canonicalGlobal.name = MeetingPolicy.globalName
        let mergedGlobal = OrganizerPolicy(merging: canonicalGlobal, over: OrganizerPolicy(name: MeetingPolicy.globalName))
        var merged: [String: OrganizerPolicy] = [MeetingPolicy.globalName.lowercased(): mergedGlobal]
        var names = [MeetingPolicy.globalName]
        var seen: Set<String> = []
        for policy in policies {
            let key = policy.name.lowercased()
            guard seen.insert(key).inserted else { throw .duplicatePolicy(policy.name) }
            if key == MeetingPolicy.globalName.lowercased() { continue }
            merged[key] = OrganizerPolicy(merging: policy, over: mergedGlobal)
            names.append(policy.name)
        }
        var normalized: [String: String] = [:]
        for (organizer, name) in assignments {
            var key = name.lowercased()
            if key.hasPrefix("tag:") { key.removeFirst(4) }
            guard merged[key] != nil else { throw .danglingAssignment(organizer: organizer, policy: name) }
            normalized[organizer] = key
        }
        self.tenantID = tenantID
        self.configuration = configuration
        self.effectiveFrom = effectiveFrom
        self.origin = origin
        self.policies = merged
        // Kept, not looked up: most organizers have no policy of their own, and spelling the
        // key and finding it again was 1,250 instructions an event (callgrind).
        self.global = mergedGlobal
        self.assignments = normalized
        self.policyNames = names
        byPlace = [mergedGlobal] + names.dropFirst().compactMap { merged[$0.lowercased()] }
        for (place, policy) in byPlace.enumerated() { places[policy.name.lowercased()] = place }
    }

    public private(set) var global: OrganizerPolicy
    /// The merged policies, `Global` first, then in the file's order: a place in it is what the
    /// replay keeps per meeting instead of a policy (8 bytes against 48, at tens of thousands
    /// of meetings in memory).
    private var byPlace: [OrganizerPolicy] = []
    /// Policy key (lower-cased name) → place in `byPlace`.
    private var places: [String: Int] = [:]

    /// The place of the organizer's effective policy: `policy(atPlace:)` of it is
    /// `policy(forOrganizer:)`.
    public func policyPlace(forOrganizer organizerID: String?) -> Int {
        guard let organizerID, let key = assignments[organizerID], let place = places[key] else { return 0 }
        return place
    }

    public func policy(atPlace place: Int) -> OrganizerPolicy {
        byPlace[place]
    }

    /// The organizer's effective policy; organizers not assigned one (and unknown organizers)
    /// have `Global`.
    public func policy(forOrganizer organizerID: String?) -> OrganizerPolicy {
        byPlace[policyPlace(forOrganizer: organizerID)]
    }

    /// The named policy (case-insensitive, `Tag:` optional).
    public func policy(named name: String) -> OrganizerPolicy? {
        var key = name.lowercased()
        if key.hasPrefix("tag:") { key.removeFirst(4) }
        return policies[key]
    }
}

/// Why a policy file cannot be used. Each prints as one sentence naming the file, and where
/// it applies the policy, the key and the value, so an admin can fix it at once.
public enum PolicyFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case notJSON(file: String, reason: String)
    case wrongType(file: String, policy: String?, key: String, value: String, expected: String)
    case unknownValue(file: String, policy: String?, key: String, value: String, allowed: [String])
    case missingGlobal(file: String)
    case duplicatePolicy(file: String, policy: String)
    case danglingAssignment(file: String, organizer: String, policy: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the policy file: \(reason)"
        case .notJSON(let file, let reason):
            "\(file): the policy file is not valid JSON: \(reason)"
        case .wrongType(let file, let policy, let key, let value, let expected):
            "\(file): \(Self.place(policy)) key \(key) has value \(value), but it must be \(expected)"
        case .unknownValue(let file, let policy, let key, let value, let allowed):
            "\(file): \(Self.place(policy)) key \(key) has value \(value), which is not one of \(allowed.joined(separator: ", "))"
        case .missingGlobal(let file):
            "\(file): meeting_policies has no Global policy; Teams always has one, so the file must define it"
        case .duplicatePolicy(let file, let policy):
            "\(file): meeting policy \(policy) is defined twice"
        case .danglingAssignment(let file, let organizer, let policy):
            "\(file): policy_assignments gives organizer \(organizer) the policy \(policy), which no meeting policy defines"
        }
    }

    private static func place(_ policy: String?) -> String {
        policy.map { "in meeting policy \($0)," } ?? "at the top level,"
    }
}

/// Why PowerShell exports cannot be turned into a policy file. Each prints as one sentence
/// naming the file, the record (policy or user) and, where it applies, the key and value.
public enum PolicyImportError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case notJSON(file: String, reason: String)
    case wrongShape(file: String, value: String, expected: String)
    case missingKey(file: String, record: String, key: String)
    case wrongType(file: String, record: String, key: String, value: String, expected: String)
    case unknownValue(file: String, record: String, key: String, value: String, allowed: [String])
    /// `ConvertTo-Json` wrote an enumeration as its number; which name a number stands for is
    /// not documented, so it is not guessed.
    case numericEnum(file: String, record: String, key: String, value: String)
    case missingGlobal(file: String)
    case duplicatePolicy(file: String, policy: String)
    case unknownPolicy(file: String, user: String, policy: String, policiesFile: String)
    case conflictingAssignment(file: String, user: String, first: String, second: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the export: \(reason)"
        case .notJSON(let file, let reason):
            "\(file): the export is not valid JSON (expected the output of ConvertTo-Json): \(reason)"
        case .wrongShape(let file, let value, let expected):
            "\(file): the export is \(value), but it must be \(expected)"
        case .missingKey(let file, let record, let key):
            "\(file): \(record) has no key \(key)"
        case .wrongType(let file, let record, let key, let value, let expected):
            "\(file): \(record) key \(key) has value \(value), but it must be \(expected)"
        case .unknownValue(let file, let record, let key, let value, let allowed):
            "\(file): \(record) key \(key) has value \(value), which is not one of \(allowed.joined(separator: ", "))"
        case .numericEnum(let file, let record, let key, let value):
            "\(file): \(record) key \(key) has the number \(value) where its name is expected; export again with ConvertTo-Json -EnumsAsStrings (PowerShell 7) so that the value is named"
        case .missingGlobal(let file):
            "\(file): the meeting policies have no Global policy; export them all with Get-CsTeamsMeetingPolicy | ConvertTo-Json"
        case .duplicatePolicy(let file, let policy):
            "\(file): meeting policy \(policy) appears twice"
        case .unknownPolicy(let file, let user, let policy, let policiesFile):
            "\(file): user \(user) has TeamsMeetingPolicy \(policy), which is not in \(policiesFile)"
        case .conflictingAssignment(let file, let user, let first, let second):
            "\(file): user \(user) appears twice, with TeamsMeetingPolicy \(first) and \(second)"
        }
    }
}

import JoinAuditCore

/// A closed vocabulary of the log (the raw values of a model enum), matched against a value's
/// bytes without making a string of them.
struct ByteVocabulary<Value: Sendable>: Sendable {
    private let bytes: [UInt8]
    private let entries: [(start: Int, count: Int, value: Value)]
    /// The spellings, in the contract's order, for naming them in problems.
    let spellings: [String]

    private init(bytes: [UInt8], entries: [(start: Int, count: Int, value: Value)], spellings: [String]) {
        self.bytes = bytes
        self.entries = entries
        self.spellings = spellings
    }

    /// The value spelled exactly by `text`, or, with `ignoringASCIICase`, spelled so in any
    /// mix of ASCII upper and lower case.
    func match(_ text: UnsafeRawBufferPointer, ignoringASCIICase: Bool = false) -> Value? {
        bytes.withUnsafeBufferPointer { table in
            for entry in entries where entry.count == text.count {
                var equal = true
                for k in 0..<entry.count {
                    var a = table[entry.start + k]
                    var c = text[k]
                    if ignoringASCIICase {
                        if a &- UInt8(ascii: "A") < 26 { a |= 0x20 }
                        if c &- UInt8(ascii: "A") < 26 { c |= 0x20 }
                    }
                    guard a == c else {
                        equal = false
                        break
                    }
                }
                if equal { return entry.value }
            }
            return nil
        }
    }
}

extension ByteVocabulary where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// The raw values of a model enum, in declaration order.
    init(_: Value.Type) {
        var bytes: [UInt8] = []
        var entries: [(start: Int, count: Int, value: Value)] = []
        for value in Value.allCases {
            let spelling = Array(value.rawValue.utf8)
            entries.append((bytes.count, spelling.count, value))
            bytes += spelling
        }
        self.init(bytes: bytes, entries: entries, spellings: Value.allCases.map(\.rawValue))
    }
}

/// The vocabularies of log-format.md, built once.
enum JoinLogVocabulary {
    static let eventType = ByteVocabulary(EventType.self)
    static let origin = ByteVocabulary(Origin.self)
    static let identity = ByteVocabulary(LoggedIdentity.self)
    static let trust = ByteVocabulary(Trust.self)
    static let role = ByteVocabulary(Role.self)
    static let client = ByteVocabulary(Client.self)
    static let outcome = ByteVocabulary(Outcome.self)
    static let appAction = ByteVocabulary(AppAction.self)
    /// PowerShell spellings, compared case-insensitively as PowerShell does.
    static let autoAdmittedUsers = ByteVocabulary(AutoAdmittedUsers.self)
}

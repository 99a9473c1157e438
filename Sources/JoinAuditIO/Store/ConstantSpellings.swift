import JoinAuditCore

/// The spellings of a closed vocabulary (`EventType`, `Role`, …), copied once into memory that
/// is never freed, so that a statement binds them where they lie (`bind(constant:at:)`): no
/// copy of the text per row, and no bind at all when the parameter holds that spelling
/// already, as it mostly does from one row to the next.
struct ConstantSpellings<Value: CaseIterable & RawRepresentable & Equatable>: @unchecked Sendable
where Value.RawValue == String, Value.AllCases == [Value] {
    private let values: [Value]
    private let spellings: [UnsafeRawBufferPointer]

    init() {
        values = Value.allCases
        spellings = values.map { value in
            let bytes = Array(value.rawValue.utf8)
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            memory.copyBytes(from: bytes)
            return UnsafeRawBufferPointer(start: memory.baseAddress, count: bytes.count)
        }
    }

    /// The spelling of `value`; nil for nil.
    func callAsFunction(_ value: Value?) -> UnsafeRawBufferPointer? {
        guard let value else { return nil }
        // A handful of cases: a look along them is cheaper than hashing.
        for at in values.indices where values[at] == value { return spellings[at] }
        return nil
    }
}

/// The vocabularies the events table stores as text.
enum StoredSpellings {
    static let eventType = ConstantSpellings<EventType>()
    static let origin = ConstantSpellings<Origin>()
    static let identity = ConstantSpellings<LoggedIdentity>()
    static let trust = ConstantSpellings<Trust>()
    static let role = ConstantSpellings<Role>()
    static let client = ConstantSpellings<Client>()
    static let outcome = ConstantSpellings<Outcome>()
    static let autoAdmittedUsers = ConstantSpellings<AutoAdmittedUsers>()
    static let appAction = ConstantSpellings<AppAction>()
}

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

/// The vocabularies the events table stores as text, in one object read once per row: as
/// nine globals, each of a row's nine binds paid a `swift_once` check (perf: 1.2 % of the
/// writing thread). A class, so that reading it retains one reference, not eighteen arrays.
final class StoredSpellings: @unchecked Sendable {
    let eventType = ConstantSpellings<EventType>()
    let origin = ConstantSpellings<Origin>()
    let identity = ConstantSpellings<LoggedIdentity>()
    let trust = ConstantSpellings<Trust>()
    let role = ConstantSpellings<Role>()
    let client = ConstantSpellings<Client>()
    let outcome = ConstantSpellings<Outcome>()
    let autoAdmittedUsers = ConstantSpellings<AutoAdmittedUsers>()
    let appAction = ConstantSpellings<AppAction>()

    static let all = StoredSpellings()
}

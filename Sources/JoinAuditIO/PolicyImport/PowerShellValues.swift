import JoinAuditCore

/// Typed reading of one exported record's values, with errors that name file, record and key.
/// Lenient only where PowerShell itself is: booleans may come as `"True"`/`"False"` (deserialized
/// remote objects print so), names match case-insensitively.
struct Values {
    let file: String
    let record: String

    func string(_ value: JSONValue?, key: String) throws(PolicyImportError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .wrongType(file: file, record: record, key: key, value: other.shown, expected: "a string")
        }
    }

    func bool(_ value: JSONValue?, key: String) throws(PolicyImportError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .string(let text)? where text.lowercased() == "true": return true
        case .string(let text)? where text.lowercased() == "false": return false
        case let other?: throw .wrongType(file: file, record: record, key: key, value: other.shown, expected: "true or false")
        }
    }

    /// An enumeration's name. A number is refused with the re-export advice: the numbers
    /// behind the names are not documented.
    func enumName(_ value: JSONValue?, key: String) throws(PolicyImportError) -> String? {
        if case .number? = value { throw .numericEnum(file: file, record: record, key: key, value: value!.shown) }
        return try string(value, key: key)
    }

    /// `BlockedAnonymousJoinClientTypes`: null or an empty list allow all clients (still a
    /// value); a lone string is a one-item list; a missing key is `nil`.
    func clientTypes(_ value: JSONValue?, key: String) throws(PolicyImportError) -> [BlockableClientType]? {
        guard let value else { return nil }
        let items: [JSONValue]
        switch value {
        case .null: return []
        case .array(let list): items = list
        case .string(let text): items = text.isEmpty ? [] : [value]
        case .number: throw .numericEnum(file: file, record: record, key: key, value: value.shown)
        default: throw .wrongType(file: file, record: record, key: key, value: value.shown, expected: "null or a list of Acs, Teams")
        }
        var types: [BlockableClientType] = []
        for item in items {
            guard let text = try enumName(item, key: key) else { continue }
            guard let type = BlockableClientType(caseInsensitive: text) else {
                throw .unknownValue(file: file, record: record, key: key, value: "\"\(text)\"", allowed: BlockableClientType.allCases.map(\.rawValue))
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }
}

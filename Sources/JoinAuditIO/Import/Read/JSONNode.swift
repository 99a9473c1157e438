/// A JSON value as a small tree, for the records that are read whole and are few: Graph call
/// records, attendance reports and online meetings (hundreds to thousands a day, not
/// millions). Built with `JSONLineScanner`, so the same strict rules apply (valid UTF-8, no
/// lone surrogates, a nesting limit); numbers keep their text.
indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object(JSONObjectNode)

    /// Parses exactly one value (whitespace around it allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(LineProblem) -> JSONNode {
        var scanner = JSONLineScanner(bytes)
        scanner.skipWhitespace()
        let node = try read(&scanner, depth: 1)
        try scanner.expectEnd()
        return node
    }

    static func parse(_ text: String) throws(LineProblem) -> JSONNode {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(LineProblem) in try parse(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    private static func read(_ s: inout JSONLineScanner, depth: Int) throws(LineProblem) -> JSONNode {
        guard depth < JSONLineScanner.maxDepth else {
            throw s.problem(.nestedTooDeep(limit: JSONLineScanner.maxDepth, column: s.pos + 1))
        }
        switch s.peekKind() {
        case .object?:
            var members: [(String, JSONNode)] = []
            try s.walkObject { (s, name) throws(LineProblem) in
                members.append((s.string(name), try read(&s, depth: depth + 1)))
            }
            return .object(JSONObjectNode(members: members))
        case .array?:
            var items: [JSONNode] = []
            try s.walkArray { (s, _) throws(LineProblem) in items.append(try read(&s, depth: depth + 1)) }
            return .array(items)
        default:
            let token = try s.scanValue()
            switch token.kind {
            case .string: return .string(s.string(token))
            case .true: return .bool(true)
            case .false: return .bool(false)
            case .null: return .null
            default: return .number(s.string(token))
            }
        }
    }

    subscript(_ name: String) -> JSONNode? {
        guard case .object(let object) = self else { return nil }
        return object[name]
    }

    /// The text of a string value; nil for anything else (null included).
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A boolean, also when written as the string `true`/`false` (any case), as some
    /// exports do.
    var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    var array: [JSONNode]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var object: JSONObjectNode? {
        if case .object(let object) = self { return object }
        return nil
    }

    var isNull: Bool { self == .null }

    /// How a message names the value's kind.
    var phrase: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// An object's members in their order. Lookup is by exact name, then (as PowerShell does)
/// ignoring case.
struct JSONObjectNode: Sendable, Equatable {
    var members: [(String, JSONNode)]

    subscript(_ name: String) -> JSONNode? {
        if let hit = members.first(where: { $0.0 == name }) { return hit.1 }
        let lowered = name.lowercased()
        return members.first(where: { $0.0.lowercased() == lowered })?.1
    }

    static func == (lhs: JSONObjectNode, rhs: JSONObjectNode) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

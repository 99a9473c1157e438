/// Builds one JSON object into bytes, field by field, escaping every string the same way the
/// join-log writer does (hostile text cannot break out of its string).
struct JSONObjectBuilder {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JoinLogWriter.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: String, _ value: String?) {
        key(name)
        if let value { JoinLogWriter.appendString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// Omits the field when the value is absent.
    mutating func optionalString(_ name: String, _ value: String?) {
        if let value { string(name, value) }
    }

    mutating func number(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ name: String, _ value: Double) {
        key(name)
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func bool(_ name: String, _ value: Bool?) {
        key(name)
        bytes.append(contentsOf: (value.map { $0 ? "true" : "false" } ?? "null").utf8)
    }

    /// Embeds an already-built object.
    mutating func object(_ name: String, _ value: JSONObjectBuilder) {
        key(name)
        bytes.append(contentsOf: value.finished)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JoinLogWriter.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Embeds a list of already-built objects.
    mutating func objects(_ name: String, _ values: [JSONObjectBuilder]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: value.finished)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    var finished: [UInt8] { bytes + [UInt8(ascii: "}")] }

    /// The object as one line of text.
    var line: String { String(decoding: finished, as: UTF8.self) + "\n" }
}

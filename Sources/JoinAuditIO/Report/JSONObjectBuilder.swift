/// Builds one JSON object into bytes, field by field, escaping every string the same way the
/// join-log writer does (hostile text cannot break out of its string).
struct JSONObjectBuilder {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    init() {}

    /// Room for `capacity` bytes from the start: a finding's line is about 750 bytes, and
    /// growing to it took five reallocations a line.
    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Closes the object and hands over its bytes without copying them; the builder is left
    /// empty.
    mutating func takeFinished() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        defer { bytes = [] }
        return bytes
    }

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

    mutating func number(_ name: String, _ value: Int?) {
        if let value { number(name, value) as Void } else { null(name) }
    }

    mutating func number(_ name: String, _ value: Double?) {
        if let value { number(name, value) as Void } else { null(name) }
    }

    mutating func null(_ name: String) {
        key(name)
        bytes.append(contentsOf: "null".utf8)
    }

    /// Embeds already-built JSON (an object or array) as the value.
    mutating func raw(_ name: String, _ json: [UInt8]) {
        key(name)
        bytes.append(contentsOf: json)
    }

    mutating func array(_ name: String, _ items: [JSONObjectBuilder]) {
        raw(name, JSONObjectBuilder.array(items.map(\.finished)))
    }

    /// Counts as an object in their order, label to count (`{"high":3,"low":1}`).
    mutating func tallies(_ name: String, _ tallies: [Tally]) {
        var o = JSONObjectBuilder()
        for tally in tallies { o.number(tally.label, tally.count) }
        object(name, o)
    }

    static func array(_ items: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// The object so far, without its closing brace: for documents that stream a long array
    /// after their header fields.
    var open: [UInt8] { bytes }

    mutating func strings(_ name: String, _ values: [String]) {
        raw(name, JSONObjectBuilder.array(values.map { value in
            var bytes: [UInt8] = []
            JoinLogWriter.appendString(value, to: &bytes)
            return bytes
        }))
    }

    var finished: [UInt8] { bytes + [UInt8(ascii: "}")] }

    /// The object as one line of text.
    var line: String { String(decoding: finished, as: UTF8.self) + "\n" }
}

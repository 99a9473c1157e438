/// The small JSON vocabulary both source writers build their records with, into one reused
/// byte buffer: a key, a raw token, an escaped string, a member.
protocol JSONRecordBuilding: AnyObject {
    var record: [UInt8] { get set }
}

extension JSONRecordBuilding {
    func raw(_ text: StaticString) {
        record.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func key(_ name: StaticString) {
        record.append(UInt8(ascii: "\""))
        raw(name)
        record.append(contentsOf: "\":".utf8)
    }

    func string(_ text: String) {
        JoinLogWriter.appendString(text, to: &record)
    }

    func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }
}

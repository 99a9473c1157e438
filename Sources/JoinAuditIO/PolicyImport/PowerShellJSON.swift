import Foundation

/// Reads what `ConvertTo-Json` writes, with its habits: a UTF-8 byte order mark, or UTF-16
/// (Windows PowerShell's `>` and `Out-File` write UTF-16 LE with a BOM); a lone object where
/// a one-item list was meant; and `{"value": [...], "Count": n}` when Windows PowerShell
/// serializes an array passed as `-InputObject`.
enum PowerShellJSON {
    static func read(path: String) throws(PolicyImportError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, file: path)
    }

    static func parse(_ data: Data, file: String) throws(PolicyImportError) -> JSONValue {
        guard let text = decodeText(data) else {
            throw .notJSON(file: file, reason: "the bytes are neither UTF-8 nor UTF-16 text")
        }
        do {
            return try JSONValue.parse(Data(text.utf8))
        } catch {
            throw .notJSON(file: file, reason: describe(error))
        }
    }

    /// The items of an export: a list as is, a lone object as a one-item list, and the
    /// `value` of a `{"value": [...], "Count": n}` wrapper.
    static func items(_ value: JSONValue) -> [JSONValue]? {
        switch value {
        case .array(let items):
            return items
        case .object(let members):
            if members.count == 2, case .array(let items)? = value.member("value"), value.member("Count") != nil { return items }
            return [value]
        default:
            return nil
        }
    }

    static func decodeText(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data.dropFirst(2), encoding: .utf16LittleEndian) }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data.dropFirst(2), encoding: .utf16BigEndian) }
        // UTF-16 without a BOM: JSON starts with an ASCII character, so one of its two bytes is 0.
        if bytes.count >= 2 && bytes[1] == 0 && bytes[0] != 0 { return String(data: data, encoding: .utf16LittleEndian) }
        if bytes.count >= 2 && bytes[0] == 0 && bytes[1] != 0 { return String(data: data, encoding: .utf16BigEndian) }
        return String(data: data, encoding: .utf8)
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return String(describing: error)
    }
}

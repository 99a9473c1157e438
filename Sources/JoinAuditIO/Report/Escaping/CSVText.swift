/// Makes untrusted text safe for a CSV cell opened in a spreadsheet. A display name such as
/// `=HYPERLINK("http://x","click")` would otherwise run as a formula (CSV injection, OWASP):
/// a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, which
/// spreadsheets show as text. Then RFC 4180 quoting: a cell with a comma, quote or line end
/// is quoted, quotes doubled. Other control characters (ESC, BEL, bidi overrides) are shown
/// as `\u{…}`, as the terminal shows them: a CSV gets `cat`ed to terminals too.
public enum CSVText {
    public static func cell(_ text: String) -> String {
        var value = visible(text)
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if hidden(scalar) { out += HiddenCharacters.shown(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Tab and line ends are CSV's own business (quoting); the rest are hidden.
    private static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && scalar != "\n" && scalar != "\r" && HiddenCharacters.isHidden(scalar)
    }

    /// A number we made ourselves: never guarded (a negative count is a number, not a formula).
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// One record, CRLF-terminated as RFC 4180 has it.
    public static func row(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}

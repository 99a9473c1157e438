/// Makes untrusted text inert in HTML, in element content and in quoted attribute values
/// alike: `<script>` in a display name must show as text, never run. Controls are shown as
/// `\u{…}` the way the terminal shows them, so that a hidden character is visible to an auditor.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                switch scalar.value {
                case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

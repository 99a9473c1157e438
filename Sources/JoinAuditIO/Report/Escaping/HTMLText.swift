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
                if HiddenCharacters.isHidden(scalar) { out += HiddenCharacters.shown(scalar) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

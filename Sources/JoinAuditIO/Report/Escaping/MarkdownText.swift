/// Makes untrusted text inert in Markdown: a display name must not become a link, an image
/// that loads from an attacker's server, raw HTML, or break out of its table cell. `<`, `>`
/// and `&` become entities (wikis render raw HTML), every other Markdown punctuation
/// character is backslash-escaped, and controls and line ends are shown as `\u{…}`, as the
/// terminal shows them (a table row is one line).
public enum MarkdownText {
    static let punctuation: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "~", "\"", "'", "=", ":"]

    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default:
                if HiddenCharacters.isHidden(scalar) {
                    // `\u{1b}` with its own punctuation escaped, so it shows as written.
                    out += "\\\\u\\{" + String(scalar.value, radix: 16) + "\\}"
                } else {
                    if punctuation.contains(scalar) { out += "\\" }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

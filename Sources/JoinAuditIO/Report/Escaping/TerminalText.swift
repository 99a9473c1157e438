/// Makes untrusted text safe for a terminal: display names of anonymous people are written by
/// attackers, and a raw ESC, BEL or CR could recolour, retitle or overwrite the screen. Every
/// C0/C1 control character and DEL is shown escaped (`\e`, `\u{9b}`), never sent raw.
public enum TerminalText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1B: out += "\\e"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            default:
                if HiddenCharacters.isHidden(scalar) { out += HiddenCharacters.shown(scalar) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// The characters no output may pass on raw, because they act instead of showing: C0 and C1
/// controls and DEL (terminal escapes, bells, carriage returns that overwrite a line), line
/// and paragraph separators, and bidi overrides (which reorder what a reader sees). Every
/// escaper shows them the same way, `\u{1b}`, so an auditor can search for one spelling.
enum HiddenCharacters {
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func shown(_ scalar: Unicode.Scalar) -> String { "\\u{" + String(scalar.value, radix: 16) + "}" }
}

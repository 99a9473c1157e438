/// ASCII case-insensitive comparisons on bytes, for identifiers the sources spell in varying
/// case (tenant GUIDs, UPNs, `#EXT#`, user agents). Measured: `String.contains` through
/// Foundation took a third of a Purview import's time; these run in the noise.
extension String {
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for k in 0..<x.count where ASCIIText.lower(x[k]) != ASCIIText.lower(y[k]) { return false }
                return true
            }
        }
    }

    /// Whether `needle` (ASCII, lowercase) occurs in the string, ignoring ASCII case.
    func containsIgnoringASCIICase(_ needle: StaticString) -> Bool {
        var text = self
        return text.withUTF8 { ASCIIText.contains(UnsafeRawBufferPointer($0), lowercased: needle) }
    }
}

enum ASCIIText {
    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c &- UInt8(ascii: "A") < 26 ? c | 0x20 : c }

    /// Whether `needle` (lowercase ASCII) occurs in `haystack`, ignoring ASCII case.
    static func contains(_ haystack: UnsafeRawBufferPointer, lowercased needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        let n = haystack.count
        guard m > 0 else { return true }
        guard n >= m else { return false }
        let p = needle.utf8Start
        let first = p[0]
        var i = 0
        while i <= n - m {
            if lower(haystack[i]) == first {
                var k = 1
                while k < m, lower(haystack[i + k]) == p[k] { k += 1 }
                if k == m { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether `needle` (lowercase ASCII) is at `offset` in `bytes`, ignoring ASCII case.
    @inline(__always)
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, at offset: Int, lowercased needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        guard offset + m <= bytes.count else { return false }
        let p = needle.utf8Start
        for k in 0..<m where lower(bytes[offset + k]) != p[k] { return false }
        return true
    }
}

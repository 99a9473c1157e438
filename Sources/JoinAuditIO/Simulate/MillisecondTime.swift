import JoinAuditCore

/// The simulator's clock: milliseconds since 1970-01-01T00:00:00Z, written as the service
/// writes them, `2026-11-23T09:14:03.120Z` (RFC 3339, UTC, always three fraction digits).
struct MillisecondTime {
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// The `YYYY-MM-DDT` prefix of the last day written, so most calls format only the time.
    private var cachedDay: Int64 = .min
    private var cachedPrefix: [UInt8] = []

    /// The day's midnight for `2026-11-23`-style text, or nil.
    static func midnight(of date: String) -> Int64? {
        guard let ts = Timestamp(rfc3339: date + "T00:00:00Z") else { return nil }
        return ts.nanoseconds / 1_000_000
    }

    static func timestamp(_ ms: Int64) -> Timestamp { Timestamp(nanoseconds: ms * 1_000_000) }

    mutating func text(_ ms: Int64) -> String {
        let dayIndex = ms >= 0 ? ms / Self.day : (ms - Self.day + 1) / Self.day
        if dayIndex != cachedDay {
            cachedDay = dayIndex
            let (y, m, d) = Self.civil(fromDays: dayIndex)
            cachedPrefix = Array("\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2))T".utf8)
        }
        var rest = Int(ms - dayIndex * Self.day)
        let millis = rest % 1000
        rest /= 1000
        let seconds = rest % 60
        rest /= 60
        let minutes = rest % 60
        let hours = rest / 60
        return String(unsafeUninitializedCapacity: cachedPrefix.count + 13) { out in
            var i = 0
            for byte in cachedPrefix {
                out[i] = byte
                i += 1
            }
            @inline(__always) func two(_ v: Int) {
                out[i] = UInt8(48 + v / 10)
                out[i + 1] = UInt8(48 + v % 10)
                i += 2
            }
            two(hours)
            out[i] = UInt8(ascii: ":")
            i += 1
            two(minutes)
            out[i] = UInt8(ascii: ":")
            i += 1
            two(seconds)
            out[i] = UInt8(ascii: ".")
            out[i + 1] = UInt8(48 + millis / 100)
            out[i + 2] = UInt8(48 + millis / 10 % 10)
            out[i + 3] = UInt8(48 + millis % 10)
            out[i + 4] = UInt8(ascii: "Z")
            return i + 5
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        Timestamp.civilFromDays(Int(days))
    }
}

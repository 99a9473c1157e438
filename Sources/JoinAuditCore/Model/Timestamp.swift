/// An instant, as nanoseconds since 1970-01-01T00:00:00Z.
///
/// Events are ordered by instant, never by text: `11:00:10+01:00` is before `10:00:20Z`
/// (conformance case 17), and audit records carry seven fraction digits, so nanoseconds keep
/// every logged digit while an `Int64` still spans ±292 years.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds (with fraction) from `earlier` to this instant.
    public func seconds(since earlier: Timestamp) -> Double {
        Double(nanoseconds - earlier.nanoseconds) / 1_000_000_000
    }

    /// Parses RFC 3339 (`2026-11-23T09:14:03.120Z`, `...+01:00`). The join log requires an
    /// offset; importers whose sources write UTC without one pass `assumeUTCWithoutOffset`.
    public init?(rfc3339 text: String, assumeUTCWithoutOffset: Bool = false) {
        var text = text
        let parsed = text.withUTF8 { Timestamp.parse(UnsafeRawBufferPointer($0), assumeUTCWithoutOffset: assumeUTCWithoutOffset) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The hot-path parser: bytes in, no allocation.
    @inlinable
    public static func parse(_ b: UnsafeRawBufferPointer, assumeUTCWithoutOffset: Bool = false) -> Timestamp? {
        let n = b.count
        guard n >= 19 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = b[i]
            return c >= 48 && c <= 57 ? Int(c - 48) : nil
        }
        @inline(__always) func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                guard let d = digit(i) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0, 4), b[4] == 45, let month = number(5, 2), b[7] == 45,
            let day = number(8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32,
            let hour = number(11, 2), b[13] == 58, let minute = number(14, 2), b[16] == 58,
            let second = number(17, 2)
        else { return nil }
        // Nanoseconds in an Int64 reach from 1677-09-21 to 2262-04-11: years outside
        // 1678...2261 are refused rather than overflowed (a hostile `0001-01-01` crashed here).
        guard (1678...2261).contains(year), (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < n, b[i] == 46 {  // "."
            i += 1
            var digits = 0
            while i < n, let d = digit(i) {
                if digits < 9 { fraction = fraction * 10 + Int64(d) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 9 { for _ in digits..<9 { fraction *= 10 } }
        }
        var offsetSeconds = 0
        if i == n {
            guard assumeUTCWithoutOffset else { return nil }
        } else if b[i] == 90 || b[i] == 122 {  // "Z" / "z"
            i += 1
        } else if b[i] == 43 || b[i] == 45 {  // "+" / "-"
            let sign = b[i] == 45 ? -1 : 1
            guard i + 6 == n, let oh = number(i + 1, 2), b[i + 3] == 58, let om = number(i + 4, 2),
                oh <= 23, om <= 59
            else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            i = n
        } else {
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Timestamp(nanoseconds: seconds * 1_000_000_000 + fraction)
    }

    /// UTC, RFC 3339, with only as many fraction digits as the instant needs.
    public var description: String {
        // Floored without overflow, so the earliest instant (Int64.min, read back from a
        // database edited by hand) is spelled too.
        var totalSeconds = nanoseconds / 1_000_000_000, nanos = nanoseconds % 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            totalSeconds -= 1
        }
        let secondOfDay = ((totalSeconds % 86_400) + 86_400) % 86_400
        let days = (totalSeconds - secondOfDay) / 86_400
        let (y, m, d) = Timestamp.civilFromDays(Int(days))
        // Every instant an Int64 of nanoseconds holds is in years 1677–2262, always four
        // digits: spelled digit by digit into one buffer. Text interpolation of padded parts
        // took 6,800 instructions a timestamp, and the load spells two for every
        // `meeting_scheduled` (callgrind).
        return String(unsafeUninitializedCapacity: 30) { buffer in
            var at = 0
            func put(_ value: Int, digits: Int) {
                var value = value
                for position in stride(from: at + digits - 1, through: at, by: -1) {
                    buffer[position] = UInt8(ascii: "0") &+ UInt8(value % 10)
                    value /= 10
                }
                at += digits
            }
            func put(_ byte: Unicode.Scalar) {
                buffer[at] = UInt8(ascii: byte)
                at += 1
            }
            put(y, digits: 4); put("-"); put(m, digits: 2); put("-"); put(d, digits: 2); put("T")
            put(Int(secondOfDay / 3600), digits: 2); put(":"); put(Int(secondOfDay % 3600 / 60), digits: 2); put(":")
            put(Int(secondOfDay % 60), digits: 2)
            if nanos != 0 {
                var fraction = Int(nanos), width = 9
                while fraction % 10 == 0 {
                    fraction /= 10
                    width -= 1
                }
                put("."); put(fraction, digits: width)
            }
            put("Z")
            return at
        }
    }

    /// The hour of day (0–23) in UTC, for reports that chart the day.
    public var utcHour: Int {
        let secondsOfDay = ((nanoseconds / 1_000_000_000) % 86_400 + 86_400) % 86_400
        return Int(secondsOfDay / 3600)
    }

    @usableFromInline
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    @usableFromInline
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day number since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

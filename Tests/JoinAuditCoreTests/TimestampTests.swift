import Foundation
import JoinAuditCore
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("instants compare across offsets and fraction digits")
    func instants() {
        let a = Timestamp(rfc3339: "2026-11-23T11:00:10.250+01:00")!
        let b = Timestamp(rfc3339: "2026-11-23T10:00:20Z")!
        #expect(a < b)
        #expect(Timestamp(rfc3339: "2026-11-23T05:30:01-05:00")! == Timestamp(rfc3339: "2026-11-23T10:30:01Z")!)
        #expect(Timestamp(rfc3339: "2026-11-23T10:04:05.1234567Z")!.nanoseconds % 1_000_000_000 == 123_456_700)
    }

    @Test("an offset is required unless the source writes UTC without one")
    func offsetRequired() {
        #expect(Timestamp(rfc3339: "2026-11-23T10:00:00") == nil)
        #expect(Timestamp(rfc3339: "2026-11-23T10:00:00", assumeUTCWithoutOffset: true) == Timestamp(rfc3339: "2026-11-23T10:00:00Z"))
    }

    @Test("impossible dates and malformed text are refused")
    func invalid() {
        for text in ["2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:00:00.Z", "2026-11-23", "garbage", "2026-11-23T10:00:00+0100"] {
            #expect(Timestamp(rfc3339: text) == nil, "\(text)")
        }
        #expect(Timestamp(rfc3339: "2024-02-29T00:00:00Z") != nil)
    }

    @Test("years beyond what nanoseconds can hold are refused, not overflowed")
    func range() {
        for text in ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59", "1677-01-01T00:00:00Z", "2262-06-01T00:00:00Z"] {
            #expect(Timestamp(rfc3339: text) == nil, "\(text)")
        }
        #expect(Timestamp(rfc3339: "2261-12-31T23:59:59.999999999-23:59") != nil)
        #expect(Timestamp(rfc3339: "1678-01-01T00:00:00+23:59") != nil)
    }

    @Test("description is UTC RFC 3339 and round-trips")
    func description() {
        for text in ["2026-11-23T10:00:00Z", "1969-12-31T23:59:59.5Z", "2026-11-23T10:04:05.1234567Z"] {
            let ts = Timestamp(rfc3339: text)!
            #expect(ts.description == text)
        }
    }

    @Test("description spells every instant as the calendar does: both ends of the range, before 1970, every fraction length")
    func descriptionAcrossTheRange() {
        var instants: [Int64] = [.min, .max, 0, -1, 1, 999_999_999, -1_000_000_000, 86_400 * 1_000_000_000 - 1]
        // A fixed walk over the whole range, and every fraction length from 1 to 9 digits.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Int64(bitPattern: state))
        }
        for digits in 1...9 { instants.append(1_764_000_000_000_000_000 + Int64(pow(10.0, Double(9 - digits)))) }
        for nanoseconds in instants {
            let ts = Timestamp(nanoseconds: nanoseconds)
            #expect(ts.description == Self.spelledByParts(ts), "\(nanoseconds)")
            // The parser takes the years every instant of which fits (1678–2261).
            if let year = Int(ts.description.prefix(4)), (1678...2261).contains(year) {
                #expect(Timestamp(rfc3339: ts.description) == ts, "\(nanoseconds)")
            }
        }
    }

    /// The spelling from its parts, as `Date` and a calendar would give them, for comparison.
    private static func spelledByParts(_ ts: Timestamp) -> String {
        let remainder = ts.nanoseconds % 1_000_000_000
        let seconds = ts.nanoseconds / 1_000_000_000 - (remainder < 0 ? 1 : 0)
        let nanos = remainder < 0 ? remainder + 1_000_000_000 : remainder
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? -1) }
        var text = String(format: "%04d", parts.year ?? -1) + "-" + two(parts.month) + "-" + two(parts.day) + "T"
            + two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second)
        if nanos != 0 {
            var fraction = String(format: "%09lld", nanos)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }
}

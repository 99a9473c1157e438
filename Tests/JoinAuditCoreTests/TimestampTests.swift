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
}

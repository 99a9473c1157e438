import JoinAuditCore

/// Times as the sources write them: RFC 3339 with up to seven fraction digits, and often
/// without an offset, which in these sources means UTC (sources.md). The join log requires
/// an offset, so a time without one is written with `Z` added; a time with one is kept as
/// written.
enum SourceTime {
    /// The instant and the text to log for it, or a problem naming `field`.
    static func parse(_ text: String, field: String) throws(ImportProblem) -> (Timestamp, String) {
        // `Timestamp` holds nanoseconds in an Int64 (years 1678–2261): check the year first.
        var copy = text
        let year = copy.withUTF8 { b -> Int? in
            guard b.count > 4 else { return nil }
            var value = 0
            for k in 0..<4 {
                guard b[k] &- UInt8(ascii: "0") < 10 else { return nil }
                value = value * 10 + Int(b[k] - UInt8(ascii: "0"))
            }
            return value
        }
        if let year, !(1900...2200).contains(year) {
            throw ImportProblem(field: field, "\(LineProblem.quote(text)) is outside the years 1900 to 2200")
        }
        guard let ts = Timestamp(rfc3339: text, assumeUTCWithoutOffset: true) else {
            throw ImportProblem(field: field, "\(LineProblem.quote(text)) is not an ISO 8601 / RFC 3339 time")
        }
        var text = text
        let (hasT, hasOffset) = text.withUTF8 { b -> (Bool, Bool) in
            let n = b.count
            let last = n > 0 ? b[n - 1] : 0
            let offset = last == UInt8(ascii: "Z") || last == UInt8(ascii: "z")
                || (n >= 6 && (b[n - 6] == UInt8(ascii: "+") || b[n - 6] == UInt8(ascii: "-")))
            return (n > 10 && b[10] == UInt8(ascii: "T"), offset)
        }
        guard hasT else { return (ts, ts.description) }
        return (ts, hasOffset ? text : text + "Z")
    }

    /// An optional time: nil when absent, or when it is .NET's "no value" (`0001-01-01…`).
    static func parseOptional(_ text: String?, field: String) throws(ImportProblem) -> (Timestamp, String)? {
        guard let text, !text.isEmpty, !text.hasPrefix("0001-01-01") else { return nil }
        return try parse(text, field: field)
    }

    /// Midnight (UTC) of the day of `ts`.
    static func startOfDay(_ ts: Timestamp) -> Timestamp {
        let day: Int64 = 86_400 * 1_000_000_000
        let n = ts.nanoseconds
        return Timestamp(nanoseconds: n >= 0 ? n / day * day : ((n + 1) / day - 1) * day)
    }
}

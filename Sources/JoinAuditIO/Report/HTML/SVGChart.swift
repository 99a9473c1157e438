import JoinAuditCore

/// Charts drawn as inline SVG: the HTML report is one file that works offline, so no script,
/// no chart library, no font to fetch. Every label is HTML-escaped (labels are organizer and
/// meeting ids, which come from the logs).
enum SVGChart {
    static func colour(_ severity: Severity) -> String {
        switch severity {
        case .critical: "#a61e4d"
        case .high: "#e8590c"
        case .medium: "#f59f00"
        case .low: "#1c7ed6"
        case .info: "#868e96"
        }
    }

    /// Vertical bars, one per hour, stacked by severity: when in the day things went wrong.
    static func hourly(_ hours: [HourTally], title: String) -> String {
        guard !hours.isEmpty else { return "<p class=\"empty\">No findings.</p>" }
        let width = 720.0, height = 220.0, left = 40.0, bottom = 40.0, top = 10.0
        let peak = max(1, hours.map(\.total).max() ?? 1)
        let slot = (width - left - 10) / Double(hours.count)
        let barWidth = max(2, slot * 0.75)
        let scale = (height - bottom - top) / Double(peak)
        var svg = open(width: width, height: height, title: title)
        for tick in ticks(peak) {
            let y = height - bottom - Double(tick) * scale
            svg += "<line x1=\"\(left)\" y1=\(q(y)) x2=\"\(width - 10)\" y2=\(q(y)) class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\(q(y + 4)) text-anchor=\"end\">\(tick)</text>"
        }
        let labelEvery = max(1, Int((Double(hours.count) / 12).rounded(.up)))
        for (i, hour) in hours.enumerated() {
            let x = left + Double(i) * slot + (slot - barWidth) / 2
            var y = height - bottom
            for severity in Severity.allCases.reversed() {
                guard let n = hour.bySeverity[severity], n > 0 else { continue }
                let h = Double(n) * scale
                y -= h
                svg += "<rect x=\(q(x)) y=\(q(y)) width=\(q(barWidth)) height=\(q(h)) fill=\"\(colour(severity))\">"
                    + "<title>\(HTMLText.escape(hour.hour)):00 UTC: \(n) \(severity.rawValue)</title></rect>"
            }
            if i % labelEvery == 0 {
                let label = String(hour.hour.suffix(2)) + "h"
                svg += "<text x=\(q(x + barWidth / 2)) y=\(q(height - bottom + 16)) text-anchor=\"middle\">\(HTMLText.escape(label))</text>"
            }
        }
        if let first = hours.first, let last = hours.last {
            let span = first.hour.prefix(10) == last.hour.prefix(10) ? String(first.hour.prefix(10)) : "\(first.hour.prefix(10)) to \(last.hour.prefix(10))"
            svg += "<text x=\(q(width / 2)) y=\(q(height - 6)) text-anchor=\"middle\" class=\"axis\">hour of \(HTMLText.escape(span)), UTC</text>"
        }
        return svg + "</svg>" + legend()
    }

    /// One horizontal bar per row, longest first: counts by kind, organizer, meeting, client.
    static func bars(_ rows: [(label: String, count: Int, colour: String)], title: String, width: Double = 720) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">None.</p>" }
        let labelWidth = (width * 0.36).rounded(), rowHeight = 22.0
        let height = Double(rows.count) * rowHeight + 10
        let peak = Double(max(1, rows.map(\.count).max() ?? 1))
        let barRoom = width - labelWidth - 50
        var svg = open(width: width, height: height, title: title)
        for (i, row) in rows.enumerated() {
            let y = 5 + Double(i) * rowHeight
            let w = max(1, Double(row.count) / peak * barRoom)
            let label = shortened(row.label, to: Int(labelWidth / 8))
            svg += "<text x=\(q(labelWidth - 8)) y=\(q(y + 15)) text-anchor=\"end\">\(HTMLText.escape(label))<title>\(HTMLText.escape(row.label))</title></text>"
            svg += "<rect x=\(q(labelWidth)) y=\(q(y + 3)) width=\(q(w)) height=\(q(rowHeight - 6)) fill=\"\(row.colour)\"/>"
            svg += "<text x=\(q(labelWidth + w + 6)) y=\(q(y + 15))>\(row.count)</text>"
        }
        return svg + "</svg>"
    }

    /// Long ids keep their start and their end (meeting ids share a long prefix, GUIDs differ
    /// at both ends); the whole label is in the bar's tooltip.
    static func shortened(_ label: String, to room: Int) -> String {
        guard label.count > room, room > 4 else { return label }
        // Teams thread ids (`19:meeting_…@thread.v2`) differ only in the middle.
        if label.hasPrefix("19:meeting_") && label.hasSuffix("@thread.v2") {
            let middle = label.dropFirst("19:meeting_".count).dropLast("@thread.v2".count)
            return "…" + String(middle.prefix(room - 2)) + "…"
        }
        let tail = room / 3
        return String(label.prefix(room - tail - 1)) + "…" + String(label.suffix(tail))
    }

    static func legend() -> String {
        "<p class=\"legend\">" + Severity.allCases.map {
            "<span><i style=\"background:\(colour($0))\"></i>\($0.rawValue)</span>"
        }.joined() + "</p>"
    }

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\"><title>\(HTMLText.escape(title))</title>"
    }

    /// Up to five round tick values from 0 to the peak.
    static func ticks(_ peak: Int) -> [Int] {
        let rough = Double(peak) / 4
        let magnitude = pow10(Int(log10(max(1, rough))))
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { Double($0) >= rough } ?? magnitude * 10
        return stride(from: 0, through: peak, by: max(1, step)).map { $0 }
    }

    private static func pow10(_ n: Int) -> Int { (0..<max(0, n)).reduce(1) { r, _ in r * 10 } }

    private static func log10(_ x: Double) -> Double {
        var n = 0.0, v = x
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    private static func q(_ value: Double) -> String {
        "\"" + (value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)) + "\""
    }
}

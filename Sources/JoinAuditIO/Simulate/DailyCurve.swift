/// When in the day meetings appear: quiet at night, busy from 8 to 18 with a dip at lunch
/// (UTC, one tenant in one time zone). The curve gives the *shape*; the simulator sets the
/// pace so that the day's lines run out around midnight, whatever their number.
struct DailyCurve {
    /// Relative weight of each hour for a meeting's first event (its `meeting_scheduled`, or
    /// its first join for ad-hoc meetings). Meetings are booked about an hour ahead on
    /// average, so this is the day's curve of meetings (busy 8–18, a dip at 12) an hour early.
    static let hourly: [Double] = [
        0.2, 0.2, 0.2, 0.3, 0.6, 1.5, 4.5, 9.5, 10.5, 10, 8.5, 5.5,
        8.5, 10, 9.5, 7.5, 4.5, 2.5, 1.5, 1.0, 0.7, 0.5, 0.35, 0.25,
    ]

    let dayStart: Int64

    /// The hour of the day `ms` falls in (0–23), or nil outside the day.
    func hour(_ ms: Int64) -> Int? {
        let h = (ms - dayStart) / MillisecondTime.hour
        return h >= 0 && h < 24 ? Int(h) : nil
    }

    /// The curve's weight left from `ms` to the end of the day, in weight-hours.
    func remaining(from ms: Int64) -> Double {
        guard let h = hour(ms) else { return 0 }
        let hourEnd = dayStart + Int64(h + 1) * MillisecondTime.hour
        var total = Self.hourly[h] * Double(hourEnd - ms) / Double(MillisecondTime.hour)
        for later in (h + 1)..<24 { total += Self.hourly[later] }
        return total
    }

    /// When the next meeting appears after `now`, if `meetingsLeft` more are to appear before
    /// midnight (a Poisson process whose rate follows the curve). Should the process run past
    /// midnight (few meetings left, as in a small day), the meeting comes anyway, at a time
    /// drawn from what is left of the curve. After midnight, the few still owed appear within
    /// minutes.
    func nextArrival(after now: Int64, meetingsLeft: Double, _ random: inout SimulationRandom) -> Int64 {
        var t = now
        while true {
            guard let h = hour(t) else {
                if hour(now) != nil { return drawFromRest(after: now, random.unit()) }
                let mean = Double(2 * MillisecondTime.minute) / max(meetingsLeft, 1)
                return t + 1 + Int64(random.exponential(mean: mean))
            }
            let hourEnd = dayStart + Int64(h + 1) * MillisecondTime.hour
            let rate = meetingsLeft * Self.hourly[h] / (max(remaining(from: t), 1e-9) * Double(MillisecondTime.hour))
            let wait = random.exponential(mean: 1 / rate)
            if Double(t) + wait < Double(hourEnd) { return t + 1 + Int64(wait) }
            t = hourEnd
        }
    }

    /// The instant after `now` below which lies the fraction `u` of the curve's weight left.
    private func drawFromRest(after now: Int64, _ u: Double) -> Int64 {
        var left = u * remaining(from: now)
        var t = now
        while let h = hour(t) {
            let hourEnd = dayStart + Int64(h + 1) * MillisecondTime.hour
            let weight = Self.hourly[h] * Double(hourEnd - t) / Double(MillisecondTime.hour)
            if left < weight { return t + 1 + Int64(left / Self.hourly[h] * Double(MillisecondTime.hour)) }
            left -= weight
            t = hourEnd
        }
        return t
    }
}

import JoinAuditCore

/// The log shipper between the simulated service and the file: it writes each event as a
/// line, and now and then re-delivers a line or lets one arrive a few seconds late, as real
/// pipelines do. Lines are handed on in chunks of whole lines.
///
/// It counts every line it commits to, duplicates included, so the day has exactly the
/// number of lines asked for.
final class SimulatedLog {
    /// A line held back: late by a few seconds, or a re-delivery waiting its turn.
    private struct HeldLine {
        var bytes: [UInt8]
        /// Written before the first line at or after this instant…
        var releaseAtTime: Int64
        /// …or (re-deliveries) once this many lines have been written, if that comes first.
        var releaseAtLine: Int
    }

    let limit: Int
    private let noiseRate: Double
    private var random: SimulationRandom
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8] = []
    private var held: [HeldLine] = []
    private(set) var committed = 0
    private var written = 0
    var summary = SimulationSummary()
    /// Lines by type, in `countedTypes` order (an array: this runs once a line).
    private var typeCounts = Array(repeating: 0, count: 7)
    /// The first and last `ts` written (texts are made at the end: this runs once a line).
    private var firstTime: Timestamp?
    private var lastTime: Timestamp?
    private static let countedTypes: [EventType] = [.joinRequest, .lobbyAdmitted, .lobbyRemoved, .left, .meetingEnded, .meetingScheduled, .appAction]

    /// Hands chunks of about this many bytes to the sink.
    private static let chunkBytes = 256 * 1024

    init(limit: Int, noiseRate: Double, seed: UInt64, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.limit = limit
        self.noiseRate = noiseRate
        self.sink = sink
        random = SimulationRandom(seed: seed ^ 0x6E6F_6973_6500)
        buffer.reserveCapacity(Self.chunkBytes + 64 * 1024)
    }

    var isFull: Bool { committed >= limit }

    /// Writes `event` (at `ms`, its `ts`), unless the day is full.
    func write(_ event: Event, at ms: Int64) throws {
        guard committed < limit else { return }
        committed += 1
        count(event, original: true)
        // Late lines whose delay is over, and re-deliveries whose turn has come, go first.
        if !held.isEmpty { releaseHeld(now: ms) }
        let start = buffer.count
        JoinLogWriter.appendLine(event, to: &buffer)
        if noiseRate > 0 {
            if random.chance(noiseRate / 2), committed < limit {
                committed += 1
                summary.redeliveries += 1
                count(event, original: false)
                held.append(HeldLine(bytes: Array(buffer[start...]), releaseAtTime: ms + random.millis(0, 5000), releaseAtLine: written + 1 + random.between(0, 40)))
            }
            if random.chance(noiseRate) {
                summary.outOfOrder += 1
                held.append(HeldLine(bytes: Array(buffer[start...]), releaseAtTime: ms + random.millis(1000, 6000), releaseAtLine: .max))
                buffer.removeSubrange(start...)
                try flushIfFull()
                return
            }
        }
        written += 1
        try flushIfFull()
    }

    /// Writes every held line and hands on the rest.
    func finish() throws {
        for line in held {
            buffer.append(contentsOf: line.bytes)
            written += 1
        }
        held.removeAll()
        for (type, count) in zip(Self.countedTypes, typeCounts) where count > 0 { summary.linesByType[type] = count }
        var clock = MillisecondTime()
        summary.firstTimestamp = firstTime.map { clock.text($0.nanoseconds / 1_000_000) }
        summary.lastTimestamp = lastTime.map { clock.text($0.nanoseconds / 1_000_000) }
        if !buffer.isEmpty {
            try buffer.withUnsafeBytes { try sink($0) }
            buffer.removeAll()
        }
        summary.lines = written
    }

    private func releaseHeld(now: Int64) {
        var i = 0
        while i < held.count {
            if held[i].releaseAtTime <= now || held[i].releaseAtLine <= written {
                buffer.append(contentsOf: held[i].bytes)
                written += 1
                held.remove(at: i)
            } else {
                i += 1
            }
        }
    }

    private func count(_ event: Event, original: Bool) {
        let type: Int
        switch event.body {
        case .joinRequest: type = 0
        case .lobbyAdmitted: type = 1
        case .lobbyRemoved: type = 2
        case .left: type = 3
        case .meetingEnded: type = 4
        case .meetingScheduled: type = 5
        case .appAction: type = 6
        }
        typeCounts[type] += 1
        if original {
            if firstTime == nil { firstTime = event.ts }
            lastTime = event.ts
        }
    }

    private func flushIfFull() throws {
        guard buffer.count >= Self.chunkBytes else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

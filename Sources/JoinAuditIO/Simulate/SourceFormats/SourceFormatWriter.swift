import JoinAuditCore

/// Turns the simulator's join log, chunk by chunk, into one of Microsoft's sources
/// (`SimulationFormat`): the importers' mapping run backwards. Streaming: it holds the
/// meetings in progress and a few seconds of lines, never the day.
///
/// What the sources cannot carry is not written: refused joins, people who never got out of
/// the lobby, app actions, scheduling. Lobby waits do not show either: a participant's
/// record starts when they got into the meeting (`IsJoinedFromLobby` with `InviterInfo`
/// naming who let them in, for audit records; nothing, for call records).
public final class SourceFormatWriter {
    private let output: SourceOutputBuffer
    private let converter: SourceDayConverter
    private let feed: JoinLogEventFeed

    /// `format` must not be `.joinLog` (that is the simulator's own output).
    public init(format: SimulationFormat, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        precondition(format != .joinLog, "the join log is written by the simulator itself")
        let output = SourceOutputBuffer(sink: sink)
        let records: SourceRecordSink = switch format {
        case .purviewCSV: PurviewRecordWriter(framing: .csv, output: output)
        case .ualJSON: PurviewRecordWriter(framing: .managementAPI, output: output)
        case .graph, .joinLog: GraphCallRecordWriter(output: output)
        }
        let converter = SourceDayConverter(sink: records)
        self.output = output
        self.converter = converter
        feed = JoinLogEventFeed { try converter.take($0) }
    }

    /// Takes a chunk of whole join-log lines (as `DaySimulator.run` hands them on).
    public func consume(_ chunk: UnsafeRawBufferPointer) throws {
        try feed.consume(chunk)
    }

    /// Takes one join-log event (for tests and callers that hold events).
    public func take(_ event: Event) throws {
        try feed.take(event)
    }

    /// Writes what is still held and hands on the last bytes.
    public func finish() throws -> SourceWriteSummary {
        try feed.finish()
        try converter.finish()
        try output.flush()
        var summary = converter.summary
        summary.redeliveriesDropped = feed.redeliveries
        return summary
    }
}

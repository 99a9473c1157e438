/// The output formats of `analyze`, `replay` and `report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// The contract's JSON Lines: one finding per line, nothing else.
    case jsonl
    /// For a person at a terminal: the summary, then findings most severe first.
    case text
    /// One JSON document: run, counts, summary, findings and data-quality problems.
    case json
    /// One row per finding, for spreadsheets.
    case csv
    /// For tickets and wikis.
    case markdown
    /// One self-contained page for auditors.
    case html
    /// One OCSF Detection Finding (class 2004) per line, for SIEM ingestion.
    case ocsf

    /// Formats that carry the summary (counts, sessions, addresses, data quality) besides the
    /// findings. The others are one record per finding, so that they load as they are into a
    /// spreadsheet or a SIEM; their summary goes to standard error.
    public var carriesSummary: Bool {
        switch self {
        case .text, .json, .markdown, .html: true
        case .jsonl, .csv, .ocsf: false
        }
    }
}

/// Writes the stored findings of a database in one format.
public struct ReportWriter {
    public let store: EventStore
    public let format: ReportFormat
    /// ANSI colour in the text format: only on a terminal, and never when `NO_COLOR` is set.
    public var colour: Bool

    public init(store: EventStore, format: ReportFormat, colour: Bool = false) {
        self.store = store
        self.format = format
        self.colour = colour
    }

    public func write(to out: OutputStream) throws {
        switch format {
        case .jsonl:
            try store.forEachFinding { out.write(FindingJSONLine.line($0)) }
        case .ocsf:
            try store.forEachFinding { out.write(OCSFDetectionFinding.line($0)) }
        case .csv:
            try CSVReport(store: store).write(to: out)
        case .text:
            try TextReport(store: store, summary: try ReportSummary.load(from: store), colour: colour).write(to: out)
        case .json:
            try JSONReport(store: store, summary: try ReportSummary.load(from: store)).write(to: out)
        case .markdown:
            try MarkdownReport(store: store, summary: try ReportSummary.load(from: store)).write(to: out)
        case .html:
            try HTMLReport(store: store, summary: try ReportSummary.load(from: store)).write(to: out)
        }
        try out.finish()
    }
}

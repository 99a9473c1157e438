/// Writes query results as a text table, CSV or JSON. Every value from the database may be an
/// attacker's text: each format escapes it its own way (terminal escapes, CSV formula guard,
/// JSON string escapes).
public enum QueryOutputFormat: String, Sendable, CaseIterable {
    case text, csv, json
}

public final class QueryOutput {
    let format: QueryOutputFormat
    let out: OutputStream
    private var columns: [String] = []
    /// The text table's rows held until its column widths are known; then streamed.
    private var pending: [[String]] = []
    private var widths: [Int] = []
    private var rows = 0
    static let heldRows = 500
    static let widestCell = 80

    public init(format: QueryOutputFormat, out: OutputStream) {
        self.format = format
        self.out = out
    }

    public func header(_ columns: [String]) {
        self.columns = columns
        switch format {
        case .csv: out.write(CSVText.row(columns.map(CSVText.cell)))
        case .json: out.write("[")
        case .text: pending.append(columns.map(TerminalText.escape))
        }
    }

    public func row(_ values: [SQLiteValue]) {
        rows += 1
        switch format {
        case .csv:
            out.write(CSVText.row(values.map(Self.csv)))
        case .json:
            var o = JSONObjectBuilder()
            for (column, value) in zip(columns, values) { Self.json(value, name: column, into: &o) }
            out.write((rows > 1 ? ",\n" : "\n") + String(decoding: o.finished, as: UTF8.self))
        case .text:
            let cells = values.map(Self.text)
            if widths.isEmpty {
                pending.append(cells)
                if pending.count > Self.heldRows { flushPending() }
            } else {
                writeText(cells)
            }
        }
    }

    public func finish() throws {
        switch format {
        case .csv: break
        case .json: out.write(rows > 0 ? "\n]\n" : "]\n")
        case .text:
            if widths.isEmpty { flushPending() }
            out.write("(\(rows) row\(rows == 1 ? "" : "s"))\n")
        }
        try out.finish()
    }

    private func flushPending() {
        widths = columns.indices.map { i in min(Self.widestCell, pending.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0) }
        for (n, cells) in pending.enumerated() {
            writeText(cells)
            if n == 0 { out.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n") }
        }
        pending.removeAll()
    }

    private func writeText(_ cells: [String]) {
        var line = ""
        for (i, cell) in cells.enumerated() {
            let width = i < widths.count ? widths[i] : cell.count
            let shown = cell.count > Self.widestCell ? String(cell.prefix(Self.widestCell - 1)) + "…" : cell
            line += i == cells.count - 1 ? shown : shown.padding(toLength: max(width, shown.count), withPad: " ", startingAt: 0) + "  "
        }
        out.write(line + "\n")
    }

    static func text(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let n): String(n)
        case .real(let d): String(d)
        case .text(let s): TerminalText.escape(s)
        case .blob(let b): "x'" + b.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
        }
    }

    static func csv(_ value: SQLiteValue) -> String {
        switch value {
        case .null: ""
        case .integer(let n): String(n)
        case .real(let d): String(d)
        case .text(let s): CSVText.cell(s)
        case .blob(let b): b.map { String($0, radix: 16).leftPadded(2) }.joined()
        }
    }

    static func json(_ value: SQLiteValue, name: String, into o: inout JSONObjectBuilder) {
        switch value {
        case .null: o.null(name)
        case .integer(let n): o.number(name, Int(n))
        case .real(let d): d.isFinite ? o.number(name, d) : o.null(name)
        case .text(let s): o.string(name, s)
        case .blob(let b): o.string(name, b.map { String($0, radix: 16).leftPadded(2) }.joined())
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

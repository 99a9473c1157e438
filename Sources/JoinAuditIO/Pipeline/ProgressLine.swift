import Foundation

/// The one-line progress display on standard error: only when it is a terminal (a nightly
/// job's log must not fill with carriage returns), and never with `--quiet`.
public final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var drewSomething = false

    public init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Cheap to call often: redraws at most four times a second.
    public func update(bytes: Int, events: Int, badLines: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.25 else { return }
        lastDrawn = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Int(Double(events) / elapsed)
        let line = "ingest: \(Self.megabytes(bytes)) MB read, \(events) events, \(rate) events/s, \(badLines) bad lines"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drewSomething = true
    }

    /// Clears the line before the closing summary is printed.
    public func finish() {
        guard enabled, drewSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}

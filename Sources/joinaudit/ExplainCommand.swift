import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

struct ExplainCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how one stored event was judged: the event, the settings in force, the decision step by step, the findings.",
        discussion: """
            Example: joinaudit explain evt-00201 --db day.db
            Uses the policy the database's last analyze or replay kept, unless --policy is given.
            """)

    @Argument(help: ArgumentHelp("The event's id (the log's \"id\").", valueName: "EVENT_ID"))
    var eventID: String

    @Option(help: ArgumentHelp("A database made by analyze --db, or by ingest and replay.", valueName: "FILE"))
    var db: String

    @OptionGroup var policies: PolicyOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let store = try ExistingDatabase.open(db)
        let (history, _) = try StoredPolicy.load(policies, store: store)
        guard let logged = try store.event(id: eventID) else {
            throw InputError("\(TerminalText.escape(db)): no event with id \(TerminalText.escape(eventID))")
        }
        let events = try store.meetingEvents(tenantID: logged.event.tenantID, meetingID: logged.event.meetingID)
        guard let explanation = Replay.explain(seq: logged.seq, meetingEvents: events, policies: history) else {
            throw InputError("\(TerminalText.escape(eventID)): the event could not be replayed")
        }
        let path = try store.filePath(id: logged.source.fileID)
        let out = JoinAuditIO.OutputStream.standardOutput()
        switch format {
        case .text: out.write(ExplanationReport.text(explanation, sourcePath: path))
        case .json: out.write(ExplanationReport.json(explanation, sourcePath: path))
        }
        do { try out.finish() } catch { throw InputError(error.description) }
    }
}

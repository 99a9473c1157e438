import ArgumentParser
import Foundation
import JoinAuditIO

extension QueryOutputFormat: ExpressibleByArgument {}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a hunting or reporting query of queries/ against a database, read-only.",
        discussion: """
            Example: joinaudit query repeated-blocked-client-attempts --db day.db --param min_attempts=2 --format csv
            joinaudit query --list shows every query with its first comment line. The same files run as they
            are in the sqlite3 shell (.param set :min_attempts 2 to set a parameter there).
            """)

    @Argument(help: ArgumentHelp("The query's name (its file name without .sql), or a path to a .sql file.", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("A database made by analyze --db or ingest.", valueName: "FILE"))
    var db: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter of the query, as key=value (repeatable).", valueName: "key=value"))
    var parameters: [String] = []

    @Option(help: "Output format: text, csv or json.")
    var format: QueryOutputFormat = .text

    @Option(help: ArgumentHelp("Write the result to this file instead of standard output.", valueName: "PATH"))
    var output: String?

    @Option(help: ArgumentHelp("The directory of .sql files (default: the package's queries/, or $JOINAUDIT_QUERIES).", valueName: "DIR"))
    var queries: String?

    @Flag(help: "List the queries with their first comment line, and their parameters.")
    var list = false

    func validate() throws {
        if !list && name == nil { throw ValidationError("name a query, or give --list") }
        if !list && db == nil { throw ValidationError("give --db FILE") }
    }

    func run() throws {
        do {
            let library = try QueryLibrary.locate(explicit: queries)
            if list {
                let out = JoinAuditIO.OutputStream.standardOutput()
                let all = try library.all()
                let width = all.map(\.name.count).max() ?? 0
                for query in all {
                    out.write(query.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + TerminalText.escape(query.title) + "\n")
                    for parameter in query.parameters {
                        out.write(String(repeating: " ", count: width + 4) + ":" + parameter.name + "  " + TerminalText.escape(parameter.summary) + "\n")
                    }
                }
                try out.finish()
                return
            }
            guard let name, let db else { return }
            let query = try library.query(named: name)
            guard FileManager.default.fileExists(atPath: db) else { throw InputError("\(TerminalText.escape(db)): no such database") }
            let runner = try QueryRunner(path: db)
            let out = try output.map { try JoinAuditIO.OutputStream.file($0) } ?? JoinAuditIO.OutputStream.standardOutput()
            let writer = QueryOutput(format: format, out: out)
            try runner.run(query, parameters: try QueryRunner.parseParameters(parameters), header: writer.header, row: writer.row)
            try writer.finish()
        } catch let error as QueryError {
            throw InputError(error.description)
        } catch let error as StoreError {
            throw InputError(error.description)
        } catch let error as WriteError {
            throw InputError(error.description)
        }
    }
}

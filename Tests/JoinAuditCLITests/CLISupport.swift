import Foundation
import Testing

/// Runs the built `joinaudit` as a user would, and gives back what they would see.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The findings printed as JSON Lines, as (kind, event_id, rule) triples.
    var triples: Set<String> {
        Set(stdout.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return "\(object["kind"] ?? "") \(object["event_id"] ?? "") \(object["rule"] ?? "")"
        })
    }
}

enum CLI {
    /// The package root, for the samples and for paths as the README writes them.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["JOINAUDIT_BIN"] { return URL(fileURLWithPath: override) }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("joinaudit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/joinaudit")
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil, environment: [String: String] = [:],
                    executable: String? = nil) throws -> CLIResult {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        // Output goes to files, not pipes: a chatty child can never block on a full pipe.
        let scratch = TestScratch.path("output")
        let outURL = scratch.appendingPathExtension("out"), errURL = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// A fresh directory, removed with the others when the test process exits.
    static func temporaryDirectory() throws -> URL {
        let url = TestScratch.path("dir")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func gzip(_ text: String) throws -> Data {
        let plain = TestScratch.path("gz")
        try Data(text.utf8).write(to: plain)
        defer { try? FileManager.default.removeItem(at: plain) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", plain.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// Runs `sql` in the `sqlite3` shell. `readOnly`: as a separate reader would (waiting up
    /// to 5 s for a lock rather than failing).
    static func sqlite(_ database: URL, _ sql: String, readOnly: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = (readOnly ? ["-readonly", "-cmd", ".timeout 5000"] : []) + [database.path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Join-log lines for tests, written the way a log would carry them.
enum Lines {
    static func join(_ id: String, _ second: Int, _ participant: String, _ identity: String, _ outcome: String,
                     role: String = "attendee", client: String = "teams", name: String? = nil, meeting: String = "m-1") -> String {
        var fields = [
            "\"v\":1", "\"id\":\"\(id)\"", "\"ts\":\"2026-11-23T10:00:\(String(format: "%02d", second))Z\"", "\"type\":\"join_request\"",
            "\"tenant_id\":\"t-contoso\"", "\"meeting_id\":\"\(meeting)\"", "\"organizer_id\":\"u-ada\"", "\"participant_id\":\"\(participant)\"",
            "\"identity\":\"\(identity)\"", "\"client\":\"\(client)\"", "\"outcome\":\"\(outcome)\"", "\"role\":\"\(role)\"",
        ]
        if let name {
            let encoded = String(decoding: try! JSONSerialization.data(withJSONObject: [name], options: [.fragmentsAllowed]), as: UTF8.self)
            fields.append("\"display_name\":" + encoded.dropFirst().dropLast())
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

import Crypto
import Foundation

/// One policy file as a run read it: its path and its whole text.
public struct PolicySource: Sendable, Equatable {
    public var path: String
    public var content: String

    public init(path: String, content: String) {
        self.path = path
        self.content = content
    }

    /// SHA-256 of the text, lowercase hex: tells an auditor which version of the file it was.
    public var sha256: String {
        SHA256.hash(data: Data(content.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }
}

/// The policy the stored findings were judged by, and the run that judged them.
public struct JudgingRun: Sendable, Equatable {
    public var runID: Int
    public var command: String
    public var startedAt: String
    public var finishedAt: String?
    public var policies: [PolicySource]
}

extension EventStore {
    /// Keeps the text of each policy file a run judged by (`run_policies`), so that reports,
    /// `explain` and `whatif` show the policy in force even after the file has changed.
    public func recordPolicies(runID: Int, _ policies: [PolicySource]) throws {
        try database.transaction {
            let insert = try database.prepare("INSERT INTO run_policies (run_id, position, path, sha256, content) VALUES (?1, ?2, ?3, ?4, ?5)")
            for (position, policy) in policies.enumerated() {
                insert.reset()
                insert.bind(runID, at: 1)
                insert.bind(position, at: 2)
                insert.bind(policy.path, at: 3)
                insert.bind(policy.sha256, at: 4)
                insert.bind(policy.content, at: 5)
                try insert.run()
            }
        }
    }

    /// The latest run that judged the stored events (`analyze` or `replay`) and kept its
    /// policies; `nil` for a database that was only ingested. Finished runs win over one that
    /// died, since a dead run's findings were rolled back.
    public func latestJudgingRun() throws -> JudgingRun? {
        let select = try database.prepare("""
            SELECT r.run_id, r.command, r.started_at, r.finished_at FROM runs AS r
            WHERE EXISTS (SELECT 1 FROM run_policies AS p WHERE p.run_id = r.run_id)
            ORDER BY r.finished_at IS NULL, r.run_id DESC LIMIT 1
            """)
        guard try select.step() else { return nil }
        let runID = select.int(at: 0)
        var run = JudgingRun(runID: runID, command: select.string(at: 1) ?? "", startedAt: select.string(at: 2) ?? "",
                             finishedAt: select.string(at: 3), policies: [])
        let policies = try database.prepare("SELECT path, content FROM run_policies WHERE run_id = ?1 ORDER BY position")
        policies.bind(runID, at: 1)
        while try policies.step() {
            run.policies.append(PolicySource(path: policies.string(at: 0) ?? "", content: policies.string(at: 1) ?? ""))
        }
        return run
    }
}

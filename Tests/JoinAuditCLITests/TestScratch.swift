import Foundation

/// One directory for the scratch files of this test process, removed when it exits: tests
/// that share a fixture for the whole run cannot remove theirs, and the runs of a CI machine
/// used to leave thousands of directories behind in the temporary directory.
enum TestScratch {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("joinaudit-cli-tests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return url
    }()

    /// A fresh path under `root`; nothing is created.
    static func path(_ prefix: String) -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }
}

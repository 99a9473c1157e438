import Foundation
import JoinAuditCore

/// Reads the stored events in replay order on a thread of its own, through its own read-only
/// connection, and hands them over in batches. Reading and decoding rows is about half of a
/// stored replay (perf, 1M events); on a second core it overlaps the judging.
///
/// Needs the database in WAL mode: the judging side writes findings while this reads, and
/// in rollback-journal mode the writer's commit would wait for the reader's lock.
final class StoredEventFeed: @unchecked Sendable {
    enum Message: Sendable {
        case events([LoggedEvent])
        case failed(String)
        case end
    }

    static let batchSize = 512
    private let path: String
    let queue = BlockingQueue<Message>(capacity: 4)
    private var thread: Thread?

    /// `nil` when the database cannot be read from a second connection (in memory, or not
    /// in WAL mode): the caller reads on its own thread.
    init?(store: EventStore) throws {
        guard store.path != ":memory:", !store.path.isEmpty else { return nil }
        let mode = try store.database.prepare("PRAGMA journal_mode")
        guard try mode.step(), mode.string(at: 0)?.lowercased() == "wal" else { return nil }
        path = store.path
    }

    func start() {
        let thread = Thread { [path, queue] in
            do {
                let database = try SQLiteDatabase(path: path, readOnly: true)
                try database.execute("PRAGMA cache_size = -8192")
                let statement = try database.prepare(EventColumn.replaySQL)
                let reader = EventRowReader(statement: statement, path: path)
                var batch: [LoggedEvent] = []
                batch.reserveCapacity(Self.batchSize)
                while try statement.step() {
                    batch.append(try reader.event())
                    if batch.count == Self.batchSize {
                        queue.put(.events(batch))
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { queue.put(.events(batch)) }
                queue.put(.end)
            } catch {
                queue.put(.failed(String(describing: error)))
            }
        }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Calls `body` with every event in replay order. If `body` throws, the rest is drained so
    /// the reading thread can finish, and the error is rethrown.
    func forEach(_ body: (LoggedEvent) throws -> Void) throws {
        var failure: Error?
        while true {
            switch queue.take() {
            case .events(let batch):
                guard failure == nil else { continue }
                do { for logged in batch { try body(logged) } } catch { failure = error }
            case .failed(let message):
                throw failure ?? StoredEventFeedError(message: message)
            case .end:
                if let failure { throw failure }
                return
            }
        }
    }
}

/// The reading thread's failure, with SQLite's words.
struct StoredEventFeedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

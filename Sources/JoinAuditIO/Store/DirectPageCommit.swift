import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes pages written past a database's end part of it, as SQLite's own commit would in
/// rollback-journal mode (https://sqlite.org/fileformat.html, "The Rollback Journal"): the
/// two pages to change (the header page and the table's root) are first copied into a hot
/// journal, so that if the process or the machine dies while they are rewritten, the next
/// connection to open the file rolls them back and cuts the file to its old length. Deleting
/// the journal is the commit.
///
/// The caller holds SQLite's EXCLUSIVE lock on the file (`BEGIN EXCLUSIVE` on its connection)
/// for the whole of it, so no other connection reads the file half-written, and the new file
/// change counter tells every connection, its own included, to drop its cached pages.
enum DirectPageCommit {
    enum Failure: Error {
        case io(String, errno: Int32)
        case changed(String)
    }

    /// The header fields this needs, read from page 1.
    struct Header {
        var pageSize: Int
        var reservedBytes: Int
        var changeCounter: UInt32
        var pageCount: UInt32
        /// The in-header page count is to be trusted: SQLite ignores it otherwise.
        var pageCountValid: Bool
        var textEncoding: UInt32
        var largestRootPage: UInt32

        init(_ bytes: UnsafeRawPointer) {
            let size = Int(TableBTreeWriter.get16(bytes + 16))
            pageSize = size == 1 ? 65_536 : size
            reservedBytes = Int(bytes.load(fromByteOffset: 20, as: UInt8.self))
            changeCounter = TableBTreeWriter.get32(bytes + 24)
            pageCount = TableBTreeWriter.get32(bytes + 28)
            pageCountValid = pageCount > 0 && changeCounter == TableBTreeWriter.get32(bytes + 92)
            textEncoding = TableBTreeWriter.get32(bytes + 56)
            largestRootPage = TableBTreeWriter.get32(bytes + 52)
        }
    }

    static func readHeader(_ fd: Int32) throws -> Header {
        var bytes = [UInt8](repeating: 0, count: 100)
        try bytes.withUnsafeMutableBytes { try readAll(fd, $0.baseAddress!, count: 100, at: 0) }
        return bytes.withUnsafeBytes { Header($0.baseAddress!) }
    }

    /// Commits: the pages from `originalPages + 1` to `newPageCount` are written (not yet
    /// synced); `root` is the new content of page `rootPage`.
    static func commit(fd: Int32, journalPath: String, pageSize: Int, originalPages: UInt32, newPageCount: UInt32,
                       rootPage: UInt32, root: UnsafeRawBufferPointer) throws {
        precondition(rootPage > 1 && rootPage <= originalPages && root.count == pageSize)
        // The new pages reach the disk before anything points at them.
        guard fdatasync(fd) == 0 else { throw Failure.io("syncing the new pages", errno: errno) }

        let first = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 16)
        let oldRoot = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 16)
        defer { first.deallocate(); oldRoot.deallocate() }
        try readAll(fd, first, count: pageSize, at: 0)
        try readAll(fd, oldRoot, count: pageSize, at: off_t(rootPage - 1) * off_t(pageSize))

        try writeJournal(at: journalPath, pageSize: pageSize, originalPages: originalPages,
                         pages: [(1, UnsafeRawPointer(first)), (rootPage, UnsafeRawPointer(oldRoot))])

        // The header: one more change, the new length, and that length marked valid.
        let counter = TableBTreeWriter.get32(first + 24) &+ 1
        TableBTreeWriter.put32(counter, first + 24)
        TableBTreeWriter.put32(newPageCount, first + 28)
        TableBTreeWriter.put32(counter, first + 92)
        TableBTreeWriter.put32(UInt32(bitPattern: sqlite3_libversion_number()), first + 96)
        try writeAll(fd, root.baseAddress!, count: pageSize, at: off_t(rootPage - 1) * off_t(pageSize))
        try writeAll(fd, first, count: pageSize, at: 0)
        guard fdatasync(fd) == 0 else { throw Failure.io("syncing the database", errno: errno) }
        guard unlink(journalPath) == 0 else { throw Failure.io("deleting \(journalPath)", errno: errno) }
    }

    /// A rollback journal holding the original content of `pages`, synced: SQLite plays it
    /// back if it finds it (a "hot" journal) and the file is then as it was.
    static func writeJournal(at path: String, pageSize: Int, originalPages: UInt32,
                             pages: [(number: UInt32, content: UnsafeRawPointer)]) throws {
        let sectorSize = 512
        let recordSize = 4 + pageSize + 4
        let total = sectorSize + pages.count * recordSize
        let journal = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        defer { journal.deallocate() }
        journal.initializeMemory(as: UInt8.self, repeating: 0, count: total)
        let magic: [UInt8] = [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7]
        journal.copyMemory(from: magic, byteCount: 8)
        let nonce = UInt32.random(in: 0...UInt32.max)
        TableBTreeWriter.put32(UInt32(pages.count), journal + 8)
        TableBTreeWriter.put32(nonce, journal + 12)
        TableBTreeWriter.put32(originalPages, journal + 16)
        TableBTreeWriter.put32(UInt32(sectorSize), journal + 20)
        TableBTreeWriter.put32(UInt32(pageSize), journal + 24)
        for (index, page) in pages.enumerated() {
            let record = journal + sectorSize + index * recordSize
            TableBTreeWriter.put32(page.number, record)
            (record + 4).copyMemory(from: page.content, byteCount: pageSize)
            TableBTreeWriter.put32(checksum(page.content, pageSize: pageSize, nonce: nonce), record + 4 + pageSize)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.io("creating \(path)", errno: errno) }
        defer { close(fd) }
        try writeAll(fd, journal, count: total, at: 0)
        guard fsync(fd) == 0 else { throw Failure.io("syncing \(path)", errno: errno) }
        // The journal's name too, as SQLite syncs it: a power cut must not lose the file
        // that undoes the pages about to change.
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw Failure.io("opening \(directory)", errno: errno) }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else { throw Failure.io("syncing \(directory)", errno: errno) }
    }

    /// The journal's check of a page: the nonce plus every 200th byte from the end.
    static func checksum(_ page: UnsafeRawPointer, pageSize: Int, nonce: UInt32) -> UInt32 {
        var sum = nonce
        var at = pageSize - 200
        while at > 0 {
            sum &+= UInt32(page.load(fromByteOffset: at, as: UInt8.self))
            at -= 200
        }
        return sum
    }

    /// `pwrite` until every byte is written.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int, at offset: off_t) throws {
        var done = 0
        while done < count {
            let wrote = pwrite(fd, bytes + done, count - done, offset + off_t(done))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw Failure.io("writing the database", errno: errno)
            }
            done += wrote
        }
    }

    /// `pread` until every byte is read.
    static func readAll(_ fd: Int32, _ into: UnsafeMutableRawPointer, count: Int, at offset: off_t) throws {
        var done = 0
        while done < count {
            let got = pread(fd, into + done, count - done, offset + off_t(done))
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure.io("reading the database", errno: errno)
            }
            if got == 0 { throw Failure.io("reading the database: it ends early", errno: 0) }
            done += got
        }
    }
}

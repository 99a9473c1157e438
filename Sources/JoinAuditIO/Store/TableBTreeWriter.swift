import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a rowid table's b-tree page by page, from rows that arrive in rising rowid order,
/// and writes it into a database file past its last page (https://sqlite.org/fileformat.html,
/// "B-tree Pages"). The pages are what SQLite itself would make of an append-only load: full
/// leaves, interior pages above them, overflow chains for rows too long for a page; the
/// top page is handed back by `finish()` to be written over the table's root page.
///
/// Why: storing a 1M-event day through an INSERT statement cost about 12,000 instructions
/// a row, 9,000 of them in SQLite's virtual machine laying out the record, and the writing
/// thread was one of the three that bound `analyze` (docs/performance.md, twelfth session).
/// Laying out the same record and page here costs a small fraction of that.
///
/// Nothing here is committed: until the caller rewrites the root page and the file header
/// (`DirectPageCommit`), SQLite sees the file as it was, and the pages past its end are
/// ignored, then overwritten by its next growth.
final class TableBTreeWriter {
    enum Failure: Error {
        case rowidNotRising(previous: Int64, next: Int64)
    }

    let fd: Int32
    let pageSize: Int
    /// Bytes of a page that hold b-tree content (the page size less the reserved bytes).
    let usable: Int
    /// The first page this writer gave out, and the next it will give.
    let firstPage: UInt32
    private(set) var nextPage: UInt32
    private(set) var rows = 0
    /// Levels of the tree so far, the leaves' included.
    var depth: Int { levels.count + 1 }

    private let leaf: UnsafeMutableRawPointer
    private var leafCells = 0
    private var leafContentStart: Int
    private var leafMaxRowid: Int64 = 0
    private var lastRowid: Int64?

    /// Interior levels, the leaves' parents first.
    private var levels: [Level] = []
    private let scratch: UnsafeMutableRawPointer

    /// Pages given out and not yet written, in page order from `bufferFirstPage`.
    private let buffer: UnsafeMutableRawPointer
    private let bufferPages = 64
    private var bufferUsed = 0
    private var bufferFirstPage: UInt32
    /// Bytes written since the disk was last asked to start on them, and how many may gather
    /// before it is asked again (`joinaudit_start_writeback`).
    private var unstartedBytes = 0
    private var unstartedOffset: off_t = 0
    let writebackBytes: Int
    /// For the tests: where the first request began, the bytes requested, requests refused,
    /// and requests that did not begin where the one before ended.
    private(set) var writebackStart: off_t?
    private(set) var writebackRequested = 0
    private(set) var writebackRefused = 0
    private(set) var writebackGaps = 0

    private struct Child {
        var page: UInt32
        var maxRowid: Int64
    }

    /// One level of interior pages: the page being filled, and the one filled before it,
    /// held back so that the level's last page can take a child from it rather than end with
    /// a single child and no key.
    private struct Level {
        var current: [Child] = []
        var currentBytes = 0
        var held: [Child]?
        var emittedAny = false
    }

    /// The page that holds the file's byte 2^30, which SQLite's locks use and no b-tree may
    /// (the file format's "lock-byte page"): given no content, and skipped in the numbering.
    /// A 10M-event day (2.7 GB) crossed it and integrity_check caught the reference.
    let lockBytePage: UInt32

    /// `writebackBytes`: how much is written between two requests to the disk to start writing
    /// it out; without them the kernel holds a whole day's pages until the commit's sync.
    init(fd: Int32, pageSize: Int, reservedBytes: Int, firstPage: UInt32, lockBytePage: UInt32? = nil,
         writebackBytes: Int = 8 << 20) {
        self.fd = fd
        self.writebackBytes = writebackBytes
        self.lockBytePage = lockBytePage ?? UInt32(0x4000_0000 / pageSize + 1)
        self.pageSize = pageSize
        usable = pageSize - reservedBytes
        self.firstPage = firstPage
        nextPage = firstPage
        bufferFirstPage = firstPage
        leaf = .allocate(byteCount: pageSize, alignment: 16)
        leaf.initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
        scratch = .allocate(byteCount: pageSize, alignment: 16)
        buffer = .allocate(byteCount: pageSize * bufferPages, alignment: 4096)
        leafContentStart = usable
    }

    deinit {
        leaf.deallocate()
        scratch.deallocate()
        buffer.deallocate()
    }

    // MARK: Rows

    /// The largest payload kept whole on a table leaf page, and the local share of a longer
    /// one (the file format's X, M and K for table b-trees).
    private func localPayload(_ payload: Int) -> Int {
        let maxLocal = usable - 35
        if payload <= maxLocal { return payload }
        let minLocal = (usable - 12) * 32 / 255 - 23
        let spread = minLocal + (payload - minLocal) % (usable - 4)
        return spread <= maxLocal ? spread : minLocal
    }

    /// Adds one row; its rowid must be larger than every one before.
    func append(rowid: Int64, record: UnsafeRawBufferPointer) throws {
        if let lastRowid, rowid <= lastRowid { throw Failure.rowidNotRising(previous: lastRowid, next: rowid) }
        let payload = record.count
        let local = localPayload(payload)
        let spills = local < payload
        let cellSize = SQLiteVarint.length(UInt64(payload)) + SQLiteVarint.length(UInt64(bitPattern: rowid)) + local + (spills ? 4 : 0)
        if leafCells > 0, cellSize + 2 > leafContentStart - (8 + 2 * leafCells) {
            try emitLeaf()
        }
        var overflowHead: UInt32 = 0
        if spills { overflowHead = try writeOverflow(record, from: local) }
        leafContentStart -= cellSize
        let cell = leaf + leafContentStart
        var at = SQLiteVarint.write(UInt64(payload), to: cell)
        at += SQLiteVarint.write(UInt64(bitPattern: rowid), to: cell + at)
        if local > 0 { (cell + at).copyMemory(from: record.baseAddress!, byteCount: local) }
        at += local
        if spills { Self.put32(overflowHead, cell + at) }
        Self.put16(UInt16(leafContentStart), leaf + 8 + 2 * leafCells)
        leafCells += 1
        leafMaxRowid = rowid
        lastRowid = rowid
        rows += 1
    }

    /// Writes the part of a record past its local share as a chain of overflow pages, each
    /// the next page given out; returns the first.
    private func writeOverflow(_ record: UnsafeRawBufferPointer, from local: Int) throws -> UInt32 {
        let perPage = usable - 4
        var offset = local
        let head = page(after: nextPage - 1)
        var page = head
        while offset < record.count {
            let count = min(perPage, record.count - offset)
            scratch.initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
            let last = offset + count >= record.count
            let following = self.page(after: page)
            Self.put32(last ? 0 : following, scratch)
            (scratch + 4).copyMemory(from: record.baseAddress! + offset, byteCount: count)
            let given = try emit(scratch)
            precondition(given == page, "overflow pages are numbered in order")
            page = following
            offset += count
        }
        return head
    }

    /// The page number given out after `page`.
    private func page(after page: UInt32) -> UInt32 {
        page + 1 == lockBytePage ? page + 2 : page + 1
    }

    // MARK: Pages

    /// Finishes the tree. Returns the content of its top page, to be written over the
    /// table's root page, or nil when no row was added.
    func finish() throws -> UnsafeRawBufferPointer? {
        guard rows > 0 else { return nil }
        if levels.isEmpty {
            layOutLeafHeader()
            try flush()
            return UnsafeRawBufferPointer(start: leaf, count: pageSize)
        }
        try emitLeaf()
        var depth = 0
        while true {
            var level = levels[depth]
            if !level.emittedAny, level.held == nil {
                // The only page of the top level: the root.
                layOutInterior(level.current, into: scratch)
                try flush()
                return UnsafeRawBufferPointer(start: scratch, count: pageSize)
            }
            if var held = level.held {
                if level.current.count == 1 {
                    level.current.insert(held.removeLast(), at: 0)
                }
                try emitInterior(held, depth: depth)
            }
            try emitInterior(level.current, depth: depth)
            levels[depth].held = nil
            levels[depth].current = []
            depth += 1
            precondition(depth < levels.count, "an interior page was written without a parent level")
        }
    }

    /// Writes the pages given out and not yet written.
    func flush() throws {
        guard bufferUsed > 0 else { return }
        let offset = off_t(bufferFirstPage - 1) * off_t(pageSize)
        try DirectPageCommit.writeAll(fd, buffer, count: bufferUsed * pageSize, at: offset)
        if unstartedBytes == 0 { unstartedOffset = offset }
        unstartedBytes += bufferUsed * pageSize
        bufferFirstPage += UInt32(bufferUsed)
        bufferUsed = 0
        if unstartedBytes >= writebackBytes {
            // Measured: the commit's fdatasync waited 75–99 ms at the end of a 1M-event day
            // with all pages still dirty; the disk now writes them while the load goes on.
            if let start = writebackStart, unstartedOffset != start + off_t(writebackRequested) { writebackGaps += 1 }
            if writebackStart == nil { writebackStart = unstartedOffset }
            if joinaudit_start_writeback(fd, Int64(unstartedOffset), Int64(unstartedBytes)) == 0 {
                writebackRequested += unstartedBytes
            } else {
                writebackRefused += 1
            }
            unstartedBytes = 0
        }
    }

    private func layOutLeafHeader() {
        leaf.storeBytes(of: 0x0D, as: UInt8.self)
        Self.put16(0, leaf + 1)
        Self.put16(UInt16(leafCells), leaf + 3)
        Self.put16(UInt16(truncatingIfNeeded: leafContentStart), leaf + 5)
        leaf.storeBytes(of: 0, toByteOffset: 7, as: UInt8.self)
        let pointersEnd = 8 + 2 * leafCells
        (leaf + pointersEnd).initializeMemory(as: UInt8.self, repeating: 0, count: leafContentStart - pointersEnd)
    }

    private func emitLeaf() throws {
        layOutLeafHeader()
        let page = try emit(leaf)
        leafCells = 0
        leafContentStart = usable
        try add(Child(page: page, maxRowid: leafMaxRowid), toLevel: 0)
    }

    /// Bytes a child adds to an interior page when it stops being the rightmost: its cell
    /// (page number and key) and the cell's pointer.
    private static func cellBytes(_ child: Child) -> Int {
        2 + 4 + SQLiteVarint.length(UInt64(bitPattern: child.maxRowid))
    }

    private func add(_ child: Child, toLevel depth: Int) throws {
        if depth == levels.count { levels.append(Level()) }
        if let rightmost = levels[depth].current.last,
           12 + levels[depth].currentBytes + Self.cellBytes(rightmost) > usable {
            // Full: hold this page back and start the next; the one held before is final.
            if let held = levels[depth].held { try emitInterior(held, depth: depth) }
            levels[depth].held = levels[depth].current
            levels[depth].current = []
            levels[depth].currentBytes = 0
        }
        if let rightmost = levels[depth].current.last { levels[depth].currentBytes += Self.cellBytes(rightmost) }
        levels[depth].current.append(child)
    }

    private func emitInterior(_ children: [Child], depth: Int) throws {
        layOutInterior(children, into: scratch)
        let page = try emit(scratch)
        levels[depth].emittedAny = true
        try add(Child(page: page, maxRowid: children[children.count - 1].maxRowid), toLevel: depth + 1)
    }

    /// An interior table page: a cell (left child, its largest rowid) for every child but
    /// the last, which is the right-most pointer.
    private func layOutInterior(_ children: [Child], into page: UnsafeMutableRawPointer) {
        precondition(children.count >= 2, "an interior page needs two children")
        page.initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
        var contentStart = usable
        for (index, child) in children.dropLast().enumerated() {
            let keyLength = SQLiteVarint.length(UInt64(bitPattern: child.maxRowid))
            contentStart -= 4 + keyLength
            Self.put32(child.page, page + contentStart)
            SQLiteVarint.write(UInt64(bitPattern: child.maxRowid), to: page + contentStart + 4)
            Self.put16(UInt16(contentStart), page + 12 + 2 * index)
        }
        page.storeBytes(of: 0x05, as: UInt8.self)
        Self.put16(UInt16(children.count - 1), page + 3)
        Self.put16(UInt16(truncatingIfNeeded: contentStart), page + 5)
        Self.put32(children[children.count - 1].page, page + 8)
    }

    /// Gives `content` the next page number and queues it for writing.
    private func emit(_ content: UnsafeMutableRawPointer) throws -> UInt32 {
        if nextPage == lockBytePage {
            if bufferUsed == bufferPages { try flush() }
            (buffer + bufferUsed * pageSize).initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
            bufferUsed += 1
            nextPage += 1
        }
        if bufferUsed == bufferPages { try flush() }
        (buffer + bufferUsed * pageSize).copyMemory(from: content, byteCount: pageSize)
        bufferUsed += 1
        let page = nextPage
        nextPage += 1
        return page
    }

    // MARK: Bytes

    @inline(__always)
    static func put16(_ value: UInt16, _ at: UnsafeMutableRawPointer) {
        at.storeBytes(of: value.bigEndian, as: UInt16.self)
    }

    @inline(__always)
    static func put32(_ value: UInt32, _ at: UnsafeMutableRawPointer) {
        at.storeBytes(of: value.bigEndian, as: UInt32.self)
    }

    static func get32(_ at: UnsafeRawPointer) -> UInt32 {
        UInt32(bigEndian: at.loadUnaligned(as: UInt32.self))
    }

    static func get16(_ at: UnsafeRawPointer) -> UInt16 {
        UInt16(bigEndian: at.loadUnaligned(as: UInt16.self))
    }
}

import Foundation
import Testing
@testable import JoinAuditIO

/// The ledger of stored ids: an uncertain fingerprint met twice names both stored events by
/// their `seq`, one met once names nothing, and entries far apart (many buffers) are still
/// found.
@Suite struct StoredIDLedgerTests {
    @Test func anUncertainFingerprintMetTwiceNamesBothEvents() throws {
        let ledger = try #require(StoredIDLedger())
        ledger.append(0xA0, seq: 100, uncertain: false)
        ledger.append(0xB0, seq: 101, uncertain: false)
        ledger.append(0xA0, seq: 102, uncertain: true)
        #expect(ledger.candidates() == [StoredIDLedger.Candidate(firstSeq: 100, laterSeq: 102)])
    }

    @Test func anUncertainFingerprintMetOnceNamesNothing() throws {
        let ledger = try #require(StoredIDLedger())
        ledger.append(0xA0, seq: 1, uncertain: false)
        ledger.append(0xB0, seq: 2, uncertain: true)
        ledger.append(0xC0, seq: 3, uncertain: true)
        #expect(ledger.candidates() == [])
    }

    /// A fingerprint met only among certain events is no candidate: only the filter's doubts
    /// are settled.
    @Test func certainEventsAreNotCandidates() throws {
        let ledger = try #require(StoredIDLedger())
        ledger.append(0xA0, seq: 1, uncertain: false)
        ledger.append(0xA0, seq: 2, uncertain: false)
        #expect(ledger.candidates() == [])
    }

    /// Fifty thousand entries (six buffers): repeats far apart, a key met three times reported
    /// once with its first two events, and keys that share their top bits kept apart.
    @Test func repeatsAcrossBuffersAreFound() throws {
        let ledger = try #require(StoredIDLedger())
        let count = 50_000
        func key(_ i: Int) -> UInt64 { UInt64(i) &* 0x9E37_79B9_7F4A_7C15 | 1 }
        var expected: [StoredIDLedger.Candidate] = []
        for i in 0..<count {
            switch i {
            case 20_000:
                ledger.append(key(3), seq: Int64(i), uncertain: true)
                expected.append(.init(firstSeq: 3, laterSeq: Int64(i)))
            case 30_000:
                ledger.append(key(3), seq: Int64(i), uncertain: false)
            case 45_000:
                ledger.append(key(10_000), seq: Int64(i), uncertain: true)
                expected.append(.init(firstSeq: 10_000, laterSeq: Int64(i)))
            case 46_000:
                // Same top bits as key(7), another key: no candidate.
                ledger.append(key(7) ^ 2, seq: Int64(i), uncertain: true)
            default:
                ledger.append(key(i), seq: Int64(i), uncertain: i % 997 == 0)
            }
        }
        #expect(ledger.candidates() == expected)
    }

    /// The lowest bit is the ledger's mark: fingerprints are compared on the other 63.
    @Test func fingerprintsAreComparedWithoutTheirLowestBit() throws {
        let ledger = try #require(StoredIDLedger())
        ledger.append(0xA0, seq: 1, uncertain: false)
        ledger.append(0xA1, seq: 2, uncertain: true)
        #expect(ledger.candidates() == [StoredIDLedger.Candidate(firstSeq: 1, laterSeq: 2)])
    }

    /// A file that cannot be written (here, one open for reading only): the ledger settles
    /// nothing and says why, and the filter passes that on, so the run judges from the store.
    @Test func aFailedFileSettlesNothing() throws {
        let ledger = StoredIDLedger(adopting: open("/dev/null", O_RDONLY))
        for seq in 0..<10_000 { ledger.append(UInt64(seq) << 1, seq: Int64(seq), uncertain: seq == 9_999) }
        #expect(ledger.candidates() == nil)
        #expect(ledger.failure != nil)

        var filter = EventIDFilter(expectedEvents: 1_000, recentCapacity: 4,
                                   ledger: StoredIDLedger(adopting: open("/dev/null", O_RDONLY)))
        for i in 0..<10_000 { _ = filter.check("evt-\(i)", seq: Int64(i)) }
        #expect(filter.check("evt-1", seq: 10_000) == .uncertain)
        #expect(filter.settleUncertainIDs() == nil)
        #expect(filter.ledgerFailure != nil)
    }

    @Test func noLedgerWhereNoFileCanBeMade() {
        #expect(StoredIDLedger(directory: "/nonexistent-\(UUID().uuidString)") == nil)
    }
}

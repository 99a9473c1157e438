import Testing
@testable import JoinAuditIO

/// The re-delivery filter: recent repeats are certain, older ones uncertain, new ids new, and
/// its recent-id table stays exact while entries come and go.
@Suite struct EventIDFilterTests {
    @Test func aRecentRepeatIsRecognisedWithItsFirstSeq() {
        var filter = EventIDFilter(expectedEvents: 1_000)
        #expect(filter.check("evt-1", seq: 10) == .new)
        #expect(filter.check("evt-2", seq: 11) == .new)
        #expect(filter.check("evt-1", seq: 12) == .repeated(firstSeq: 10))
        #expect(filter.uncertainCount == 0)
    }

    @Test func aRepeatOlderThanTheRecentIDsIsUncertain() {
        var filter = EventIDFilter(expectedEvents: 1_000, recentCapacity: 4)
        #expect(filter.check("old", seq: 1) == .new)
        for i in 0..<10 { _ = filter.check("later-\(i)", seq: Int64(2 + i)) }
        #expect(filter.check("old", seq: 20) == .uncertain)
        #expect(filter.uncertainCount == 1)
    }

    /// Many ids through a small table: every id still held is found with its own seq, none that
    /// left is found, and no new id is ever taken for a repeat.
    @Test func theRecentTableStaysExactUnderChurn() {
        let capacity = 64
        var filter = EventIDFilter(expectedEvents: 200_000, recentCapacity: capacity)
        let total = 100_000
        for i in 0..<total {
            let verdict = filter.check("01M82V\(i)STT56W", seq: Int64(i))
            #expect(!Self.isRepeat(verdict), "id \(i) taken for a repeat")
        }
        for i in (total - capacity)..<total {
            #expect(filter.check("01M82V\(i)STT56W", seq: Int64(total + i)) == .repeated(firstSeq: Int64(i)))
        }
        #expect(filter.check("01M82V\(total - capacity - 1)STT56W", seq: 0) == .uncertain)
        // About one false hit in two thousand at this size.
        #expect(filter.uncertainCount < total / 200)
    }

    /// With a ledger, the filter settles its doubts itself: a far repeat comes back as the
    /// pair of seqs to compare, and the many ids it was unsure of but had never seen as none.
    @Test func aLedgerSettlesUncertainIDs() throws {
        var filter = EventIDFilter(expectedEvents: 1_000, recentCapacity: 4, ledger: try #require(StoredIDLedger()))
        #expect(filter.settlesUncertainIDs)
        let total = 200_000
        for i in 0..<total { _ = filter.check("evt-\(i)", seq: Int64(i)) }
        #expect(filter.check("evt-17", seq: Int64(total)) == .uncertain)
        // A filter made for a thousand events and given 200,000 is unsure of many new ones.
        #expect(filter.uncertainCount > 100)
        #expect(filter.settleUncertainIDs() == [StoredIDLedger.Candidate(firstSeq: 17, laterSeq: Int64(total))])
    }

    @Test func withoutALedgerTheCallerKeepsTheUncertainIDs() {
        var filter = EventIDFilter(expectedEvents: 1_000)
        #expect(!filter.settlesUncertainIDs)
        #expect(filter.settleUncertainIDs() == nil)
    }

    @Test func fingerprintsDependOnEveryByteAndTheLength() {
        let a = EventIDFilter.fingerprint("abc")
        #expect(a == EventIDFilter.fingerprint("abc"))
        #expect(a != EventIDFilter.fingerprint("abd"))
        #expect(a != EventIDFilter.fingerprint("abc\u{0}"))
        #expect(EventIDFilter.fingerprint("") != EventIDFilter.fingerprint("\u{0}"))
    }

    private static func isRepeat(_ verdict: EventIDFilter.Verdict) -> Bool {
        if case .repeated = verdict { return true }
        return false
    }
}

import JoinAuditCore
import Testing

@Suite("Reorder buffer")
struct ReorderBufferTests {
    func logged(_ seq: Int64, at second: Int) -> LoggedEvent {
        LoggedEvent(seq: seq, source: SourceLocation(fileID: 1, line: Int(seq)), event: T.ended("e\(seq)", second))
    }

    @Test("events a few seconds out of order come out in (instant, seq) order")
    func restoresOrder() {
        var buffer = ReorderBuffer(window: 5_000_000_000)
        var out: [Int64] = []
        for (seq, second) in [(1, 10), (2, 8), (3, 10), (4, 12), (5, 9), (6, 30), (7, 31)] {
            #expect(buffer.push(logged(Int64(seq), at: second)) == .accepted)
            buffer.release { out.append($0.seq) }
        }
        buffer.drain { out.append($0.seq) }
        #expect(out == [2, 5, 1, 3, 4, 6, 7])
    }

    @Test("an event older than one already released is reported late, not misplaced")
    func late() {
        var buffer = ReorderBuffer(window: 1_000_000_000)
        _ = buffer.push(logged(1, at: 10))
        _ = buffer.push(logged(2, at: 20))
        var out: [Int64] = []
        buffer.release { out.append($0.seq) }
        #expect(out == [1])
        #expect(buffer.push(logged(3, at: 5)) == .late)
        #expect(buffer.push(logged(4, at: 15)) == .accepted)
    }
}

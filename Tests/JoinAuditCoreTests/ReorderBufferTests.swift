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

    /// Many events, each delayed by up to the window, through a pseudo-random but fixed
    /// shuffle: whatever mix of in-order and behind arrivals, what comes out is the sorted
    /// input, with ties in seq order.
    @Test("a long, jittered stream comes out exactly sorted")
    func jitteredStream() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        // (arrival order, instant): instants rise by 0–2 s, arrival is instant + 0–4 s delay.
        var events: [(arrival: Int, second: Int, seq: Int64)] = []
        var second = 0
        for seq in 1...5_000 {
            second += Int(next() % 3)
            events.append((second + Int(next() % 5), second, Int64(seq)))
        }
        let arriving = events.sorted { ($0.arrival, $0.seq) < ($1.arrival, $1.seq) }
        var buffer = ReorderBuffer(window: 5_000_000_000)
        var out: [Int64] = []
        for event in arriving {
            #expect(buffer.push(logged(event.seq, at: event.second)) == .accepted)
            buffer.release { out.append($0.seq) }
        }
        buffer.drain { out.append($0.seq) }
        let expected = events.sorted { ($0.second, $0.seq) < ($1.second, $1.seq) }.map(\.seq)
        #expect(out == expected)
        #expect(buffer.count == 0)
    }

    @Test("past its capacity the earliest event is released before the window has passed")
    func capacityBoundsWhatIsHeld() {
        // All within one second: the window alone would hold every one of them.
        var buffer = ReorderBuffer(window: 30_000_000_000, capacity: 3)
        var out: [Int64] = []
        for (seq, second) in [(1, 10), (2, 10), (3, 9), (4, 10), (5, 11)] {
            #expect(buffer.push(logged(Int64(seq), at: second)) == .accepted)
            buffer.release { out.append($0.seq) }
            #expect(buffer.count <= 3)
        }
        #expect(out == [3, 1])
        buffer.drain { out.append($0.seq) }
        #expect(out == [3, 1, 2, 4, 5])
    }

    @Test("an event behind one released early for capacity is late, so the caller can fall back")
    func capacityKeepsLatenessExact() {
        var buffer = ReorderBuffer(window: 30_000_000_000, capacity: 2)
        var out: [Int64] = []
        for (seq, second) in [(1, 10), (2, 12), (3, 14)] {
            _ = buffer.push(logged(Int64(seq), at: second))
            buffer.release { out.append($0.seq) }
        }
        #expect(out == [1])
        // Within the window of the newest, but earlier than the event released for capacity.
        #expect(buffer.push(logged(4, at: 9)) == .late)
        #expect(buffer.push(logged(5, at: 11)) == .accepted)
    }
}

import JoinAuditCore
import Testing

/// A meeting nobody is in may be archived and recalled; everything the replay still needs of it
/// must come back: its own options, the identities its app actions are judged by, and the
/// once-per-meeting notes.
@Suite struct MeetingArchiveReplayTests {
    /// Replays with every meeting archived as soon as nobody is in it, looking after every event.
    /// `idleAbove`: how many meetings may stay in memory before idle ones are archived.
    private static func replayArchiving(_ events: [Event], _ policy: TenantPolicy, idleAbove: Int = 0) -> (ReplayOutput, InMemoryMeetingArchive) {
        let archive = InMemoryMeetingArchive()
        var replay = Replay(policies: PolicyHistory([policy]))
        replay.archive = archive
        replay.archiveIdleAfter = 0
        replay.archiveSweepInterval = 1
        replay.archiveIdleAbove = idleAbove
        var out = ReplayOutput()
        for (index, event) in events.enumerated() {
            replay.process(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event), into: &out)
        }
        replay.finish(into: &out)
        return (out, archive)
    }

    @Test func anAppActionAfterEveryoneLeftIsJudgedByTheRecalledIdentity() {
        let events = [
            T.join("e1", 0, "anon-1", .anonymous, .admitted),
            T.left("e2", 60, "anon-1"),
            T.join("e3", 120, "u-bob", .internal, .admitted),
            T.app("e4", 180, "anon-1", .use),
        ]
        let policy = T.policy(disableApps: true, allowStart: true, auto: .everyone)
        let (out, archive) = Self.replayArchiving(events, policy)
        #expect(archive.recalls >= 1)
        #expect(T.triples(out) == T.triples(T.replay(events, policy)))
        #expect(out.findings.contains { $0.kind == .appViolation && $0.eventID == "e4" })
        #expect(out.problems.map(\.kind) == T.replay(events, policy).problems.map(\.kind))
    }

    @Test func aRecurringLinkKeepsItsOwnOptionsAcrossAnArchive() {
        let events = [
            T.scheduled("s1", 0, auto: .organizerOnly),
            T.join("e1", 10, "u-ada", .internal, .admitted, role: .organizer),
            T.ended("e2", 20),
            T.join("e3", 4_000, "u-bob", .internal, .admitted),
        ]
        let policy = T.policy(auto: .everyone)
        let (out, archive) = Self.replayArchiving(events, policy)
        #expect(archive.kept.count == 1)
        // The link's own OrganizerOnly still holds u-bob in the lobby after the recall.
        #expect(T.triples(out) == T.triples(T.replay(events, policy)))
        #expect(out.findings.contains { $0.kind == .unexpectedAdmit && $0.eventID == "e3" })
    }

    @Test func theOrganizerUnknownNoteIsNotRepeatedAfterAnArchive() {
        let events = [
            T.join("e1", 0, "p-1", .anonymous, .admitted, organizer: "unknown"),
            T.left("e2", 60, "p-1"),
            T.join("e3", 120, "p-2", .anonymous, .admitted, organizer: "unknown"),
        ]
        let policy = T.policy(allowStart: true, auto: .everyone)
        let (out, _) = Self.replayArchiving(events, policy)
        #expect(out.problems.filter { $0.kind == .organizerUnknown }.count == 1)
        #expect(out.problems.map(\.kind) == T.replay(events, policy).problems.map(\.kind))
    }

    /// A meeting with nothing of its own is let go of at `meeting_ended`; if an idle spell had
    /// archived it before, that copy must go too, or the next use of the link would inherit
    /// identities from the ended meeting.
    @Test func aMeetingLetGoOfAtItsEndIsNotRecalledLater() {
        let events = [
            T.join("e1", 0, "anon-1", .anonymous, .admitted),
            T.left("e2", 60, "anon-1"),
            T.join("e3", 120, "u-bob", .internal, .admitted),
            T.ended("e4", 180),
            T.join("e5", 4_000, "u-bob", .internal, .admitted),
            T.app("e6", 4_060, "anon-1", .use),
        ]
        let policy = T.policy(disableApps: true, allowStart: true, auto: .everyone)
        let (out, archive) = Self.replayArchiving(events, policy)
        #expect(archive.recalls >= 1)
        #expect(T.triples(out) == T.triples(T.replay(events, policy)))
        #expect(out.problems.map(\.kind) == T.replay(events, policy).problems.map(\.kind))
        #expect(out.problems.contains { $0.kind == .appActionUnknownParticipant && $0.eventID == "e6" })
    }

    /// Scheduled meetings wait idle for their start; while few meetings are in memory they stay
    /// there (no archiving, no recall), and once there are more than `archiveIdleAbove`, idle
    /// ones are archived. Either way the findings are the same.
    @Test(arguments: [(idleAbove: 10, archived: false), (idleAbove: 1, archived: true)])
    func idleMeetingsAreArchivedOnlyAboveTheLimit(idleAbove: Int, archived: Bool) {
        let events = [
            T.scheduled("s1", 0, meeting: "m-1", auto: .organizerOnly),
            T.scheduled("s2", 10, meeting: "m-2", auto: .organizerOnly),
            T.join("e1", 3_600, "u-bob", .internal, .admitted, meeting: "m-1"),
            T.join("e2", 3_610, "u-bob", .internal, .admitted, meeting: "m-2"),
        ]
        let policy = T.policy(auto: .everyone)
        let (out, archive) = Self.replayArchiving(events, policy, idleAbove: idleAbove)
        #expect(archive.kept.isEmpty != archived)
        #expect((archive.recalls > 0) == archived)
        // Each link's own OrganizerOnly holds u-bob back, archived or not.
        #expect(T.triples(out) == T.triples(T.replay(events, policy)))
        #expect(out.findings.filter { $0.kind == .unexpectedAdmit }.count == 2)
    }

    /// An idle meeting that remembers people (here an anonymous guest whose app action comes
    /// after everyone left, and no `meeting_ended`) is archived even below the limit: such
    /// tables can be large. Its identities come back with it.
    @Test func anIdleMeetingThatRemembersPeopleIsArchivedBelowTheLimit() {
        let events = [
            T.join("e1", 0, "anon-1", .anonymous, .admitted),
            T.left("e2", 60, "anon-1"),
            T.scheduled("s2", 70, meeting: "m-2", auto: .organizerOnly),
            T.join("e3", 4_000, "u-bob", .internal, .admitted, meeting: "m-2"),
            T.app("e4", 4_060, "anon-1", .use),
        ]
        let policy = T.policy(disableApps: true, allowStart: true, auto: .everyone)
        let (out, archive) = Self.replayArchiving(events, policy, idleAbove: 10)
        #expect(archive.recalls == 1)
        #expect(archive.kept.keys.map(\.meetingID) == ["m-1"])  // m-2, remembering nobody, stayed
        #expect(T.triples(out) == T.triples(T.replay(events, policy)))
        #expect(out.findings.contains { $0.kind == .appViolation && $0.eventID == "e4" })
    }
}

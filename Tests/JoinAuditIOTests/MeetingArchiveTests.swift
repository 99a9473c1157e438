import Testing

@testable import JoinAuditCore
@testable import JoinAuditIO

/// Meetings nobody is in leave memory for an archive and come back when their link is used
/// again; none of that may change a finding or a data-quality note.
@Suite struct MeetingArchiveTests {
    private static let day = SimulatedDay.standard
    private static let unarchived = SimulatedDay.replay(day.events)

    @Test func archivingInMemoryChangesNoFinding() {
        let archive = InMemoryMeetingArchive()
        let out = SimulatedDay.replay(Self.day.events, archive: archive)
        let sameFindings = out.findings == Self.unarchived.findings, sameProblems = out.problems == Self.unarchived.problems
        #expect(sameFindings)
        #expect(sameProblems)
        // The day reuses meeting links after they end, so meetings do come back.
        #expect(archive.kept.count > 100)
        #expect(archive.recalls > 0)
    }

    @Test func archivingOnDiskChangesNoFinding() throws {
        let archive = try SQLiteMeetingArchive()
        let out = SimulatedDay.replay(Self.day.events, archive: archive)
        let sameFindings = out.findings == Self.unarchived.findings, sameProblems = out.problems == Self.unarchived.problems
        #expect(sameFindings)
        #expect(sameProblems)
        #expect(archive.kept > 100)
        #expect(archive.recalled > 0)
        #expect(archive.failure == nil)
    }

    /// The idle sweep as a large day runs it: every meeting idle for 15 minutes of log time is
    /// archived, whatever it remembers, because more meetings are in memory than the limit
    /// (here 0). More archivings than at `meeting_ended` alone, and the same findings.
    @Test func archivingIdleMeetingsAfterFifteenMinutesChangesNoFinding() throws {
        let atEnd = try SQLiteMeetingArchive(), idleToo = try SQLiteMeetingArchive()
        _ = SimulatedDay.replay(Self.day.events, archive: atEnd)
        let out = SimulatedDay.replay(Self.day.events, archive: idleToo, archiveIdleAbove: 0)
        let sameFindings = out.findings == Self.unarchived.findings, sameProblems = out.problems == Self.unarchived.problems
        #expect(sameFindings)
        #expect(sameProblems)
        #expect(idleToo.kept > atEnd.kept)
        #expect(idleToo.recalled > atEnd.recalled)
        #expect(idleToo.failure == nil)
    }

    /// Archiving every meeting the moment nobody is in it (not only at `meeting_ended`, and
    /// looking after every event) exercises the idle sweep: identities for app actions and
    /// once-per-meeting notes must all come back.
    @Test func archivingIdleMeetingsAtOnceChangesNoFinding() throws {
        let archive = try SQLiteMeetingArchive()
        let out = SimulatedDay.replay(Self.day.events, archive: archive, archiveIdleAfter: 0)
        let sameFindings = out.findings == Self.unarchived.findings, sameProblems = out.problems == Self.unarchived.problems
        #expect(sameFindings)
        #expect(sameProblems)
        #expect(archive.kept > 1_000)
    }

    @Test func aMeetingNeverArchivedIsNotRecalled() throws {
        let archive = try SQLiteMeetingArchive()
        #expect(archive.recall(MeetingKey(tenantID: "t-1", meetingID: "m-never")) == nil)
        archive.keep(Self.sampleMeeting, for: MeetingKey(tenantID: "t-1", meetingID: "m-1"))
        #expect(archive.recall(MeetingKey(tenantID: "t-2", meetingID: "m-1")) == nil)
        #expect(archive.recall(MeetingKey(tenantID: "t-1", meetingID: "m-1")) == Self.sampleMeeting)
    }

    @Test func aForgottenMeetingIsNotRecalled() throws {
        let archive = try SQLiteMeetingArchive()
        let key = MeetingKey(tenantID: "t-1", meetingID: "m-1")
        archive.keep(Self.sampleMeeting, for: key)
        archive.forget(key)
        archive.forget(MeetingKey(tenantID: "t-1", meetingID: "m-never"))
        #expect(archive.recall(key) == nil)
        #expect(archive.failure == nil)
    }

    @Test func archivingAgainReplacesWhatWasKept() throws {
        let archive = try SQLiteMeetingArchive()
        let key = MeetingKey(tenantID: "t-1", meetingID: "m-1")
        archive.keep(Self.sampleMeeting, for: key)
        var later = Self.sampleMeeting
        later.options.autoAdmittedUsers = .organizerOnly
        later.latestIdentity = [:]
        archive.keep(later, for: key)
        #expect(archive.recall(key) == later)
    }

    /// The file finds a meeting by a 64-bit digest of its ids. Two meetings with one digest
    /// (forced here; by chance about one pair in 2^64) must each get their own facts back: the
    /// second is kept in memory, and goes to the file once the first has let go of the place.
    @Test func meetingsSharingADigestEachGetTheirOwnFactsBack() throws {
        let archive = try SQLiteMeetingArchive()
        let first = MeetingKey(tenantID: "t-1", meetingID: "m-1", digest: 42)
        let second = MeetingKey(tenantID: "t-1", meetingID: "m-2", digest: 42)
        var other = Self.sampleMeeting
        other.organizerID = "u-grace"
        archive.keep(Self.sampleMeeting, for: first)
        archive.keep(other, for: second)
        #expect(archive.recall(first) == Self.sampleMeeting)
        #expect(archive.recall(second) == other)

        archive.forget(first)
        #expect(archive.recall(first) == nil)
        #expect(archive.recall(second) == other)
        var later = other
        later.optionsKnown = false
        archive.keep(later, for: second)
        #expect(archive.recall(second) == later)
        #expect(archive.recall(first) == nil)
        #expect(archive.failure == nil)
    }

    /// Each archiving appends; only the latest row of a meeting is ever read, however many
    /// came before, and a forgotten meeting's rows are never read again.
    @Test func onlyTheLatestFactsOfAMeetingComeBack() throws {
        let archive = try SQLiteMeetingArchive()
        let key = MeetingKey(tenantID: "t-1", meetingID: "m-1")
        var meeting = Self.sampleMeeting
        for minute in 1...50 {
            meeting.lastEventAt = Timestamp(nanoseconds: Int64(minute) * 60_000_000_000)
            archive.keep(meeting, for: key)
            archive.keep(Self.sampleMeeting, for: MeetingKey(tenantID: "t-1", meetingID: "m-\(minute + 1)"))
        }
        #expect(archive.recall(key) == meeting)
        archive.forget(key)
        #expect(archive.recall(key) == nil)
        #expect(archive.recall(MeetingKey(tenantID: "t-1", meetingID: "m-51")) == Self.sampleMeeting)
        #expect(archive.failure == nil)
    }

    // MARK: coding

    static let sampleMeeting = DormantMeeting(
        organizerID: "u-ada\u{202E}<script>", scheduledStart: Timestamp(nanoseconds: 1_795_000_000_000_000_000),
        scheduledEnd: Timestamp(nanoseconds: -5), options: MeetingOptions(autoAdmittedUsers: .everyoneInCompanyExcludingGuests, pstnBypassLobby: false),
        optionsKnown: true, latestIdentity: [ParticipantKey("p-1"): .anonymous, ParticipantKey(""): .dialIn, ParticipantKey("p\u{0}\n3"): .federated],
        lastEventAt: Timestamp(nanoseconds: 42), reportedOrganizerUnknown: true, tenantChecked: false)

    @Test func aDormantMeetingRoundTripsThroughItsBytes() {
        let bare = DormantMeeting(
            organizerID: nil, scheduledStart: nil, scheduledEnd: nil, options: MeetingOptions(), optionsKnown: false,
            latestIdentity: [:], lastEventAt: Timestamp(nanoseconds: 0), reportedOrganizerUnknown: false, tenantChecked: true)
        for meeting in [Self.sampleMeeting, bare] {
            var bytes: [UInt8] = []
            DormantMeetingCoding.encode(meeting, into: &bytes)
            #expect(bytes.withUnsafeBytes(DormantMeetingCoding.decode) == meeting)
        }
    }

    @Test func cutOrPaddedBytesAreRefused() {
        var bytes: [UInt8] = []
        DormantMeetingCoding.encode(Self.sampleMeeting, into: &bytes)
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(Array(bytes.prefix(cut)).withUnsafeBytes(DormantMeetingCoding.decode) == nil, "cut at \(cut)")
        }
        #expect((bytes + [0]).withUnsafeBytes(DormantMeetingCoding.decode) == nil)
        var badTag = bytes
        badTag[0] = 7
        #expect(badTag.withUnsafeBytes(DormantMeetingCoding.decode) == nil)
    }
}

import JoinAuditCore

/// What the inputs' sources can and cannot show (sources.md): audit records and call records
/// see admissions only, so a clean report from them is not a clean bill of health. Every
/// summary says which finding kinds its sources could support, and counts what was judged on
/// incomplete facts.
public struct Coverage: Sendable {
    public let kinds: Set<InputKind>

    public init(kinds: Set<InputKind>) { self.kinds = kinds }

    /// The finding kinds at least one input's source can show.
    public var visible: [FindingKind] {
        FindingKind.allCases.filter { kind in kinds.contains { Self.shows($0, kind) } }
    }

    public var invisible: [FindingKind] { FindingKind.allCases.filter { !visible.contains($0) } }

    static func shows(_ source: InputKind, _ kind: FindingKind) -> Bool {
        switch source {
        case .joinLog: true
        case .purviewCSV, .auditJSON, .graphCallRecords:
            // Admissions only; ACS is recognised from ids and user agents.
            [.unexpectedAdmit, .unverifiedStart, .blockedClientAttempt].contains(kind)
        case .attendanceReport:
            // No client, no lobby: who was in, and when.
            [.unexpectedAdmit, .unverifiedStart].contains(kind)
        case .onlineMeetings:
            false
        }
    }

    /// One paragraph for the end of a summary; empty for join logs alone.
    public func statement(caveats: [DataQualityKind: Int]) -> String {
        guard kinds.contains(where: { $0 != .joinLog }) else { return "" }
        var lines = ["Coverage: the inputs (\(kinds.map(\.rawValue).sorted().joined(separator: ", "))) can show "
            + visible.map(\.rawValue).joined(separator: ", ")
            + (invisible.isEmpty ? "." : "; they cannot show " + invisible.map(\.rawValue).joined(separator: ", ")
                + " (audit and call records see admissions only: nobody refused, nothing about the lobby or apps).")]
        let judgedLoosely: [(DataQualityKind, String)] = [
            (.unknownAdmitter, "admissions with an unknown admitter"),
            (.organizerUnknown, "meetings with an unknown organizer (judged under Global)"),
            (.invitationUnknown, "lobby bypasses with an unknown invitation"),
            (.allowedOnlyIfOptionsChanged, "admissions allowed only if the organizer changed the meeting's options"),
        ]
        for (kind, words) in judgedLoosely where (caveats[kind] ?? 0) > 0 {
            lines.append("  \(caveats[kind]!) \(words)")
        }
        if (caveats[.allowedOnlyIfOptionsChanged] ?? 0) > 0 && !kinds.contains(.onlineMeetings) {
            lines.append("  Hint: Graph online meeting objects (joinaudit analyze … online-meetings.json) carry each meeting's own lobby options and would settle them.")
        }
        return lines.joined(separator: "\n")
    }
}

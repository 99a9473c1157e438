import JoinAuditCore

/// Why a record that is about a meeting could not be mapped: the field at fault (as the
/// source spells it, with its path, e.g. `Attendees[0].RecipientType`) and what is wrong. The
/// record is a bad record, kept with its file and record number; the rest goes on.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String?
    public var reason: String

    public init(field: String? = nil, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    static func missing(_ field: String, _ why: String? = nil) -> ImportProblem {
        ImportProblem(field: field, "missing" + (why.map { ": \($0)" } ?? ""))
    }

    static func notJSON(_ field: String?, _ problem: LineProblem) -> ImportProblem {
        var inner = problem.description
        if let name = problem.field {
            let prefix = "field \"\(name)\": "
            if inner.hasPrefix(prefix) { inner = String(inner.dropFirst(prefix.count)) }
        }
        let path = [field, problem.field].compactMap { $0 }.joined(separator: ".")
        return ImportProblem(field: path.isEmpty ? nil : path, inner)
    }

    public var description: String {
        guard let field else { return reason }
        return "field \"\(field)\": \(reason)"
    }
}

/// Why a record made no event, by design: it is not about a meeting, or not about a person
/// the policy judges. Counted, not reported one by one.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
    /// An audit record of another operation (`FileAccessed`, `MemberAdded`, …).
    case otherOperation(String)
    /// The attendee is an application or bot (`RecipientType` `Applications`, Graph
    /// `application`): not a participant.
    case application
    /// An identity the mapping cannot place (`encrypted`, `spoolUser`, `device`).
    case unsupportedIdentity(String)
    /// A call record of something other than a meeting (a peer-to-peer call).
    case notAMeeting(String)
    /// An online meeting object that matches no meeting of the input.
    case unmatchedMeeting

    public var description: String {
        switch self {
        case .otherOperation(let operation):
            "operation \(operation.isEmpty ? "(none)" : operation) is not about meetings"
        case .application:
            "the attendee is an application, not a participant"
        case .unsupportedIdentity(let kind):
            "identity \(kind) cannot be judged"
        case .notAMeeting(let type):
            "call type \(type) is not a meeting"
        case .unmatchedMeeting:
            "no meeting of the input matches this online meeting"
        }
    }

    /// A short key for counting skips by kind.
    public var key: String {
        switch self {
        case .otherOperation: "other_operation"
        case .application: "application"
        case .unsupportedIdentity: "unsupported_identity"
        case .notAMeeting: "not_a_meeting"
        case .unmatchedMeeting: "unmatched_meeting"
        }
    }
}

/// What a mapping makes of one record.
public enum MappingResult: Sendable, Equatable {
    case events([Event])
    case skipped(SkipReason)
}

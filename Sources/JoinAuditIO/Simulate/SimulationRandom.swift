import Foundation

/// The simulator's only source of chance: xoshiro256** (Blackman and Vigna), seeded through
/// SplitMix64. Same seed, same sequence, on every machine and every run, which is what makes
/// a simulated day byte-identical for a seed. `SystemRandomNumberGenerator` is never used,
/// nor are the standard library's `random(in:using:)` helpers, whose algorithms may change
/// between Swift releases.
struct SimulationRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            return Self.scramble(x)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// SplitMix64's finalizer: a bijection on 64 bits that spreads every input bit over the
    /// output. Also used to turn counters and indices into ids that cannot collide.
    @inline(__always)
    static func scramble(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in `0..<count` (Lemire's multiply-high, without the rejection step: the bias
    /// is below 2⁻³² for the small counts used here).
    @inline(__always)
    mutating func below(_ count: Int) -> Int {
        precondition(count > 0)
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// Uniform in `low...high`.
    @inline(__always)
    mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }

    /// Uniform in `low...high`, in milliseconds.
    @inline(__always)
    mutating func millis(_ low: Int64, _ high: Int64) -> Int64 { low + Int64(below(Int(high - low) + 1)) }

    @inline(__always)
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// A standard normal value (Box–Muller; the second value of the pair is dropped).
    mutating func normal() -> Double {
        let u = 1 - unit()
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Log-normal around `median`: most values near it, a long tail above.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    mutating func element<T>(of items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given weights (not necessarily normalised).
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seeded generator whose output is the same on
/// every run and platform, and its finaliser as a 64-bit mixing function.
///
/// Not for anything secret. opx uses it where determinism is the point: order-independent digests in
/// `opx verify`, reproducible property tests and benchmark workloads.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next value of the sequence.
    package mutating func next() -> UInt64 {
        defer { state &+= Self.gamma }
        return Self.mix(state)
    }

    /// The finaliser applied to `value` plus the golden-ratio increment: a bijective mix in which every input
    /// bit affects every output bit.
    @inline(__always)
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ gamma
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
}

/// A set of Unicode scalars: one character class of a ``RegexPattern``.
///
/// ASCII membership is a 128-bit bitmap; everything above is a list of ranges. A negated set contains exactly the
/// scalars the positive part does not.
struct ScalarSet: Sendable, Hashable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var ranges: [ClosedRange<UInt32>] = []
    /// Whether the set is the complement of what was added.
    var isNegated = false

    /// An empty set.
    init() {}

    /// A set of one scalar.
    init(_ scalar: Unicode.Scalar) {
        insert(scalar.value...scalar.value)
    }

    /// Adds a range of scalar values.
    mutating func insert(_ range: ClosedRange<UInt32>) {
        var lower = range.lowerBound
        while lower <= range.upperBound, lower < 128 {
            if lower < 64 { low |= 1 << UInt64(lower) } else { high |= 1 << UInt64(lower - 64) }
            lower += 1
        }
        if lower <= range.upperBound { ranges.append(lower...range.upperBound) }
    }

    /// Adds every member of another (non-negated) set.
    mutating func formUnion(_ other: ScalarSet) {
        precondition(!other.isNegated, "only positive sets are merged")
        low |= other.low
        high |= other.high
        ranges += other.ranges
    }

    /// Whether the set contains a scalar value.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        let member: Bool
        if value < 64 {
            member = low & (1 << UInt64(value)) != 0
        } else if value < 128 {
            member = high & (1 << UInt64(value - 64)) != 0
        } else {
            member = ranges.contains { $0.contains(value) }
        }
        return member != isNegated
    }

    // MARK: - The class escapes, with ECMAScript (ASCII) meanings

    /// `\d`: `0-9`.
    static let digits: ScalarSet = {
        var set = ScalarSet()
        set.insert(0x30...0x39)
        return set
    }()

    /// `\w`: `A-Z a-z 0-9 _`.
    static let wordCharacters: ScalarSet = {
        var set = ScalarSet()
        set.insert(0x30...0x39)
        set.insert(0x41...0x5A)
        set.insert(0x61...0x7A)
        set.insert(0x5F...0x5F)
        return set
    }()

    /// `\s`: ECMAScript white space and line terminators.
    static let whitespace: ScalarSet = {
        var set = ScalarSet()
        for range: ClosedRange<UInt32> in [0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                            0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
                                            0xFEFF...0xFEFF] {
            set.insert(range)
        }
        return set
    }()

    /// `.`: every scalar but the line terminators `\n`, `\r`, U+2028, and U+2029.
    static let dot: ScalarSet = {
        var set = ScalarSet()
        set.insert(0x0A...0x0A)
        set.insert(0x0D...0x0D)
        set.insert(0x2028...0x2029)
        set.isNegated = true
        return set
    }()
}

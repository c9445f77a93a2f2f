import OPXEvents

/// A Bloom filter of an incident's kept signal ids (row `incident-signal-filter/<id>`, beside its ``SignalIdChunk``s):
/// a signal the filter does not hold is not among them, so attaching it to an incident that keeps no more ids needs
/// none of its chunks. Only a signal the filter may hold (about 1 in 400 that are not there, with 200 ids) costs
/// reading them.
///
/// 4,096 bits, 3 probes from FNV-1a over the id's UTF-8 bytes (double hashing): the same ids give the same bits in
/// every process, so the row is a pure function of the log.
package struct SignalIdFilter: ProjectionRow, Hashable {
    private static let words = 64
    private var bits: [UInt64]

    /// An empty filter.
    init() { bits = Array(repeating: 0, count: Self.words) }

    /// A filter holding `ids`.
    package init(_ ids: some Sequence<String>) {
        self.init()
        for id in ids { insert(id) }
    }

    /// The row key of incident `id`'s filter.
    static func key(_ id: String) -> String { "incident-signal-filter/\(id)" }

    /// Whether `id` may be among the ids inserted (`false`: it certainly is not).
    package func mayContain(_ id: String) -> Bool {
        let hash = FNV1a.hash(id)
        for probe in 0..<Self.probes {
            let bit = Self.bit(hash, probe)
            if bits[bit.word] & bit.mask == 0 { return false }
        }
        return true
    }

    /// Adds `id`.
    mutating func insert(_ id: String) {
        let hash = FNV1a.hash(id)
        for probe in 0..<Self.probes {
            let bit = Self.bit(hash, probe)
            bits[bit.word] |= bit.mask
        }
    }

    private static let probes: UInt64 = 3

    /// Bit `probe` of an id whose FNV-1a hash is `hash`: the low half + probe × the high half (made odd), modulo the
    /// bits.
    private static func bit(_ hash: UInt64, _ probe: UInt64) -> (word: Int, mask: UInt64) {
        let index = Int(((hash & 0xFFFF_FFFF) &+ probe &* (hash >> 32 | 1)) % UInt64(words * 64))
        return (index >> 6, 1 << UInt64(index & 63))
    }

    package func encode(to e: inout RowEncoder) {
        let hex = String(unsafeUninitializedCapacity: Self.words * 16) { buffer in
            for (index, word) in bits.enumerated() { Hex.write(word, digits: 16, to: buffer.baseAddress! + index * 16) }
            return Self.words * 16
        }
        e.object { e in e.field("bits", hex) }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        let hex = Array(try d.string("bits").utf8)
        guard hex.count == Self.words * 16 else { throw RowDecodingError("bits: expected \(Self.words * 16) hex digits, found \(hex.count)") }
        var bits: [UInt64] = []
        bits.reserveCapacity(Self.words)
        for word in 0..<Self.words {
            var value: UInt64 = 0
            for byte in hex[(word * 16)..<(word * 16 + 16)] {
                guard let nibble = Hex.nibble(byte) else { throw RowDecodingError("bits: \"\(Character(UnicodeScalar(byte)))\" is not a hex digit") }
                value = value << 4 | UInt64(nibble)
            }
            bits.append(value)
        }
        self.bits = bits
    }
}

/// A SHA-256 digest in the hash chain, stored as 32 bytes and shown as 64 lowercase hex digits.
package struct EventHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes as four big-endian words.
    package let words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash before the first event: 32 zero bytes.
    package static let genesis = EventHash(words: (0, 0, 0, 0))

    package init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// A hash from exactly 32 bytes.
    package init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a hash is 32 bytes")
        func word(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[i * 8 + $1]) } }
        words = (word(0), word(1), word(2), word(3))
    }

    /// A hash from 64 hex digits; `nil` otherwise.
    package init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self = bytes.withUnsafeBytes { EventHash(bytes: $0) }
    }

    /// Calls `body` with the 32 bytes.
    package func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var be = (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)
        return try Swift.withUnsafeBytes(of: &be) { try body($0) }
    }

    /// The 32 bytes.
    package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Writes the 64 lowercase hex digits to `buffer` (at least 64 bytes).
    package func writeHex(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 64, "writeHex needs 64 bytes")
        let out = buffer.baseAddress!
        Hex.write(words.0, digits: 16, to: out)
        Hex.write(words.1, digits: 16, to: out + 16)
        Hex.write(words.2, digits: 16, to: out + 32)
        Hex.write(words.3, digits: 16, to: out + 48)
    }

    /// 64 lowercase hex digits.
    package var description: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: UnsafeMutableRawBufferPointer(buffer))
            return 64
        }
    }

    package static func == (a: EventHash, b: EventHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

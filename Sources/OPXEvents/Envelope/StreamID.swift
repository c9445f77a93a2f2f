/// The id of a stream, e.g. `incident-7f3c…` or `signals-alertmanager`.
///
/// 1–200 bytes of `A-Z a-z 0-9 . _ : @ / + = -`; the part before the first `-` is the stream's
/// category (`incident`, `investigation`, `signals`, …).
package struct StreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The maximum length in bytes (index keys stay far below LMDB's 511-byte key limit).
    package static let maximumLength = 200

    /// The id.
    package let rawValue: String

    /// Validates `rawValue`.
    /// - Throws: ``EnvelopeError`` naming the offending character or the length.
    package init(_ rawValue: String) throws(EnvelopeError) {
        let bytes = rawValue.utf8
        guard !bytes.isEmpty else { throw EnvelopeError("stream id is empty; use e.g. `incident-42`") }
        guard bytes.count <= Self.maximumLength else {
            throw EnvelopeError("stream id is \(bytes.count) bytes long; the limit is \(Self.maximumLength)")
        }
        for (offset, byte) in bytes.enumerated() where !Self.allowed(byte) {
            throw EnvelopeError("stream id \"\(rawValue.prefix(60))\" has a character that is not allowed at byte \(offset); "
                + "use letters, digits and . _ : @ / + = -")
        }
        self.rawValue = rawValue
    }

    /// Wraps a value already known to be valid (read back from the store).
    package init(unchecked rawValue: String) { self.rawValue = rawValue }

    /// The part before the first `-` (the whole id when there is none).
    package var category: String {
        rawValue.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? rawValue
    }

    package var description: String { rawValue }

    package static func < (a: StreamID, b: StreamID) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }

    @inline(__always)
    private static func allowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"),
             UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

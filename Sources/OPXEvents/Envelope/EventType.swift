/// The wire name of an event type, e.g. `signal.ingested` or `agent.output-recorded`.
///
/// Lowercase dotted words: `[a-z0-9]+` separated by `.` or `-`, at most 100 bytes. In CloudEvents
/// form it is prefixed with ``cloudEventsPrefix``.
package struct EventType: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The reverse-DNS prefix opx owns for CloudEvents `type` attributes.
    package static let cloudEventsPrefix = "dev.opx."
    /// The maximum length in bytes.
    package static let maximumLength = 100

    /// The wire name.
    package let rawValue: String

    /// Validates `rawValue`.
    /// - Throws: ``EnvelopeError`` saying what is wrong.
    package init(_ rawValue: String) throws(EnvelopeError) {
        let bytes = Array(rawValue.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw EnvelopeError("event type must be 1–\(Self.maximumLength) bytes, e.g. `signal.ingested`")
        }
        var previousWasSeparator = true
        for byte in bytes {
            let isWordByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            let isSeparator = byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            guard isWordByte || (isSeparator && !previousWasSeparator) else {
                throw EnvelopeError("event type \"\(rawValue.prefix(60))\" is not lowercase dotted words (e.g. `signal.ingested`, `agent.output-recorded`)")
            }
            previousWasSeparator = isSeparator
        }
        guard !previousWasSeparator else {
            throw EnvelopeError("event type \"\(rawValue.prefix(60))\" must not end with a separator")
        }
        self.rawValue = rawValue
    }

    /// Wraps a value already known to be valid (read back from the store).
    package init(unchecked rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    package static func < (a: EventType, b: EventType) -> Bool { a.rawValue < b.rawValue }
}

/// An event to append: everything but what the log assigns (position, revision, time, hashes).
package struct ProposedEvent: Sendable, Hashable {
    /// The event's id; a retried append with the same id appends nothing.
    package var id: EventID
    /// The event type.
    package var type: EventType
    /// The schema version of `data`.
    package var schemaVersion: UInt16
    /// The payload as canonical JSON (RFC 8785) bytes.
    package private(set) var data: [UInt8]
    /// Who produced it, a URI reference (CloudEvents `source`), e.g. `/opx/cli`.
    package var source: EventSource
    /// The id of the event or request this belongs to.
    package var correlationID: EventID?
    /// The id of the event that caused this one.
    package var causationID: EventID?
    /// A W3C trace context `traceparent`.
    package var traceparent: Traceparent?
    /// The value `data` was written from, when the event was built from one: validation on append checks it
    /// instead of parsing `data` again. Not part of the event's identity.
    private(set) var parsedData = ParsedData(value: nil)

    /// An event whose payload is canonicalised from `data`.
    package init(id: EventID = .random(), type: EventType, schemaVersion: UInt16 = 1, data: JSONValue,
                 source: EventSource = .default, correlationID: EventID? = nil, causationID: EventID? = nil,
                 traceparent: Traceparent? = nil) {
        self.init(id: id, type: type, schemaVersion: schemaVersion, canonicalData: CanonicalJSONWriter.canonicalBytes(data),
                  source: source, correlationID: correlationID, causationID: causationID, traceparent: traceparent)
        parsedData = ParsedData(value: data)
    }

    /// An event whose payload bytes are already canonical JSON.
    package init(id: EventID, type: EventType, schemaVersion: UInt16, canonicalData: [UInt8], source: EventSource,
                 correlationID: EventID?, causationID: EventID?, traceparent: Traceparent?) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = canonicalData
        self.source = source
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceparent = traceparent
    }
}

/// A payload's parsed form, kept beside its bytes; equal to any other, so that it never changes an event's equality
/// or hash (the bytes decide those).
struct ParsedData: Sendable, Hashable {
    let value: JSONValue?

    static func == (_: ParsedData, _: ParsedData) -> Bool { true }

    func hash(into _: inout Hasher) {}
}

/// A CloudEvents `source`: a URI reference of printable ASCII without quotes or backslashes, 1–200 bytes.
package struct EventSource: Sendable, Hashable, CustomStringConvertible {
    /// The source used when none is given.
    package static let `default` = EventSource(unchecked: "/opx")
    /// The URI reference.
    package let rawValue: String

    /// Validates `rawValue`.
    package init(_ rawValue: String) throws(EnvelopeError) {
        let bytes = rawValue.utf8
        guard (1...200).contains(bytes.count),
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            throw EnvelopeError("event source \"\(rawValue.prefix(60))\" must be a URI reference of 1–200 printable ASCII characters, e.g. /opx/ingest/alertmanager")
        }
        self.rawValue = rawValue
    }

    /// Wraps a value already known to be valid.
    package init(unchecked rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }
}

/// A W3C trace context `traceparent` header value (`00-<32 hex>-<16 hex>-<2 hex>`).
package struct Traceparent: Sendable, Hashable, CustomStringConvertible {
    /// The header value, lowercase.
    package let rawValue: String

    /// Validates `rawValue`.
    package init(_ rawValue: String) throws(EnvelopeError) {
        let b = Array(rawValue.utf8)
        let shapeOK = b.count == 55 && b[2] == UInt8(ascii: "-") && b[35] == UInt8(ascii: "-") && b[52] == UInt8(ascii: "-")
        let hexOK = b.enumerated().allSatisfy { i, c in
            i == 2 || i == 35 || i == 52 || (Hex.nibble(c) != nil && !(UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c))
        }
        guard shapeOK && hexOK else {
            throw EnvelopeError("traceparent \"\(rawValue.prefix(60))\" must look like 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 (lowercase hex)")
        }
        self.rawValue = rawValue
    }

    /// Wraps a value already known to be valid.
    package init(unchecked rawValue: String) { self.rawValue = rawValue }

    /// The 32-hex-digit trace id.
    package var traceID: Substring { rawValue.dropFirst(3).prefix(32) }

    package var description: String { rawValue }
}

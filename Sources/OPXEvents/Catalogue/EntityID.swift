/// The UUID of something events talk about: an incident, investigation, signal, change, detection, or alert.
///
/// On the wire it is the lowercase 8-4-4-4-12 form (`format: uuid` in the schemas). It has the same bits as an
/// ``EventID`` but a different role, so the two do not mix by accident.
///
/// ```swift
/// let incident = EntityID.random()
/// let stream = StreamID.incident(incident)          // incident-<uuid>
/// let signal = EntityID(digest: sha256(dedupKey))   // stable across re-sent webhooks
/// ```
package struct EntityID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The UUID's bits.
    package let uuid: EventID

    /// Wraps UUID bits.
    ///
    /// - Parameter uuid: The bits, for example an event's id when the entity is named after the event that made it.
    package init(_ uuid: EventID) {
        self.uuid = uuid
    }

    /// Parses the 36-character form (either case); `nil` otherwise.
    ///
    /// - Parameter text: Text such as `0f8fad5b-d9cb-469f-a165-70867728950e`.
    package init?(_ text: String) {
        guard let uuid = EventID(text) else { return nil }
        self.uuid = uuid
    }

    /// A deterministic id from a digest, marked as UUID version 8, for ids that must not change when an input is
    /// sent again.
    ///
    /// - Parameter digest: At least 16 bytes, such as a SHA-256 of an idempotency key.
    package init(digest: some Sequence<UInt8>) {
        uuid = EventID(digest: digest)
    }

    /// A random (version 4) id.
    package static func random() -> EntityID { EntityID(EventID.random()) }

    /// The lowercase canonical form.
    package var description: String { uuid.description }

    /// Orders ids by their bits.
    package static func < (lhs: EntityID, rhs: EntityID) -> Bool { lhs.uuid < rhs.uuid }
}

extension EntityID: Codable {
    /// Decodes the 36-character UUID form.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = EventID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UUID: \(text.prefix(40))")
        }
        self.uuid = uuid
    }

    /// Encodes the lowercase canonical form.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The error of the event catalogue: an unknown type or version, an invalid payload, a schema that cannot be
/// registered, or a payload that cannot be encoded, upcast, or decoded.
///
/// For a rejected event it names the event (its index in the batch, type, version, and id), then each failure with
/// its JSON Pointer, what was expected, and what was found:
///
/// ```text
/// event 2 (incident.opened v1, id 0f8fad5b-d9cb-469f-a165-70867728950e): /data/severity: expected one of SEV1, SEV2,
/// SEV3, SEV4, found "SEV9"
/// ```
///
/// Found values are quoted only when short (40 characters at most); whole payloads never appear.
package struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownType = "unknown type"
            case unknownVersion = "unknown version"
            case invalidPayload = "invalid payload"
            case invalidJSON = "invalid JSON"
            case invalidSchema = "invalid schema"
            case registrationConflict = "registration conflict"
            case encodingFailed = "encoding failed"
            case decodingFailed = "decoding failed"
            case upcastFailed = "upcast failed"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The event type is neither built in nor registered.
        package static let unknownType = Code(.unknownType)
        /// The type is known but not at this schema version.
        package static let unknownVersion = Code(.unknownVersion)
        /// The payload does not match its schema; ``CatalogueError/failures`` says where and why.
        package static let invalidPayload = Code(.invalidPayload)
        /// The payload bytes are not strict JSON (including invalid UTF-8 and nesting deeper than the limit).
        package static let invalidJSON = Code(.invalidJSON)
        /// A schema to register does not compile (malformed, or outside the supported subset).
        package static let invalidSchema = Code(.invalidSchema)
        /// A registration clashes with a built-in type or with a different schema already registered.
        package static let registrationConflict = Code(.registrationConflict)
        /// A typed value could not be turned into JSON.
        package static let encodingFailed = Code(.encodingFailed)
        /// JSON could not be turned into the requested typed value.
        package static let decodingFailed = Code(.decodingFailed)
        /// An old payload could not be brought to the current version.
        package static let upcastFailed = Code(.upcastFailed)

        /// A short name, such as `invalid payload`.
        package var description: String { base.rawValue }
    }

    /// What kind of failure.
    package let code: Code
    /// What went wrong, without the event prefix.
    package let message: String
    /// The schema failures, for ``Code/invalidPayload``; pointers start at the event (`/data/...`) when the error
    /// names an event, else at the payload.
    package let failures: [ValidationFailure]
    /// The index of the offending event in its batch.
    package let eventIndex: Int?
    /// The offending event's type.
    package let eventType: EventType?
    /// The offending event's schema version.
    package let schemaVersion: UInt16?
    /// The offending event's id.
    package let eventID: EventID?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure.
    ///   - message: What went wrong.
    ///   - failures: Schema failures, for invalid payloads.
    package init(_ code: Code, _ message: String, failures: [ValidationFailure] = []) {
        self.code = code
        self.message = message
        self.failures = failures
        eventIndex = nil
        eventType = nil
        schemaVersion = nil
        eventID = nil
    }

    private init(code: Code, message: String, failures: [ValidationFailure], eventIndex: Int?, eventType: EventType?,
                 schemaVersion: UInt16?, eventID: EventID?) {
        self.code = code
        self.message = message
        self.failures = failures
        self.eventIndex = eventIndex
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.eventID = eventID
    }

    /// The same error, naming the event it is about; failure pointers move under `/data`.
    ///
    /// - Parameters:
    ///   - index: The event's index in its batch, if it came in one.
    ///   - event: The event.
    /// - Returns: The error with the event's details.
    package func about(_ event: ProposedEvent, at index: Int?) -> CatalogueError {
        let moved = failures.map { $0.prefixed(with: "/data") }
        return CatalogueError(code: code, message: failures.isEmpty ? message : ValidationError(failures: moved).description,
                              failures: moved, eventIndex: index, eventType: event.type,
                              schemaVersion: event.schemaVersion, eventID: event.id)
    }

    /// `event <index> (<type> v<version>, id <id>): <message>`, or just the message when no event is named.
    package var description: String {
        guard let eventType else { return message }
        var prefix = eventIndex.map { "event \($0) (" } ?? "event ("
        prefix += "\(eventType) v\(schemaVersion ?? 1)"
        if let eventID { prefix += ", id \(eventID)" }
        return prefix + "): " + message
    }
}

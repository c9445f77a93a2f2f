/// An alert that was not raised: a repeat within the dedupe window, or over the rate limit.
package struct AlertSuppressed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `alert.suppressed`.
    package static let eventType = EventType(unchecked: "alert.suppressed")
    /// The schema version these fields follow (`Schemas/events/alert.suppressed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The suppressed alert's dedupe key.
    package var dedupKey: String
    /// Why it was suppressed.
    package var reason: Reason
    /// What it is about.
    package var kind: AlertKind
    /// How urgent.
    package var severity: AlertSeverity
    /// The message.
    package var message: String?
    /// The investigation, if any.
    package var investigationId: EntityID?
    /// The raised alert it repeats.
    package var duplicateOf: EntityID?

    /// Creates the event; optional fields default to absent.
    package init(dedupKey: String, reason: Reason, kind: AlertKind, severity: AlertSeverity, message: String? = nil,
                 investigationId: EntityID? = nil, duplicateOf: EntityID? = nil) {
        self.dedupKey = dedupKey
        self.reason = reason
        self.kind = kind
        self.severity = severity
        self.message = message
        self.investigationId = investigationId
        self.duplicateOf = duplicateOf
    }

    /// Why an alert was suppressed.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The same alert was raised within the window.
        case deduplicated
        /// Too many alerts were raised recently.
        case rateLimited = "rate-limited"
    }
}

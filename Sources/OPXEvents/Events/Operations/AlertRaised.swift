/// An operational alert about opx itself: budgets, cost spikes, failures.
///
/// Repeats with the same `dedupKey` within the window are recorded as ``AlertSuppressed`` instead.
package struct AlertRaised: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `alert.raised`.
    package static let eventType = EventType(unchecked: "alert.raised")
    /// The schema version these fields follow (`Schemas/events/alert.raised/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The alert's id.
    package var alertId: EntityID
    /// What it is about.
    package var kind: AlertKind
    /// How urgent.
    package var severity: AlertSeverity
    /// The message.
    package var message: String
    /// Identifies repeats: severity, message, and investigation.
    package var dedupKey: String
    /// The investigation, if any.
    package var investigationId: EntityID?
    /// Whether it is delivered to the webhook.
    package var webhook: Bool?

    /// Creates the event; optional fields default to absent.
    package init(alertId: EntityID, kind: AlertKind, severity: AlertSeverity, message: String, dedupKey: String,
                 investigationId: EntityID? = nil, webhook: Bool? = nil) {
        self.alertId = alertId
        self.kind = kind
        self.severity = severity
        self.message = message
        self.dedupKey = dedupKey
        self.investigationId = investigationId
        self.webhook = webhook
    }
}

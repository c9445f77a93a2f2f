/// An incident's severity changed.
package struct IncidentSeverityChanged: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.severity-changed`.
    package static let eventType = EventType(unchecked: "incident.severity-changed")
    /// The schema version these fields follow (`Schemas/events/incident.severity-changed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The incident.
    package var incidentId: EntityID
    /// The severity before.
    package var from: Severity
    /// The severity after.
    package var to: Severity
    /// Why.
    package var reason: String?
    /// Who or what changed it (a person, or `rule:<name>`).
    package var changedBy: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, from: Severity, to: Severity, reason: String? = nil, changedBy: String? = nil) {
        self.incidentId = incidentId
        self.from = from
        self.to = to
        self.reason = reason
        self.changedBy = changedBy
    }
}

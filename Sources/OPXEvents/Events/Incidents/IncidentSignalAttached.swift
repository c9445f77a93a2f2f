/// A later signal was attached to an open incident.
package struct IncidentSignalAttached: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.signal-attached`.
    package static let eventType = EventType(unchecked: "incident.signal-attached")
    /// The schema version these fields follow (`Schemas/events/incident.signal-attached/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The incident.
    package var incidentId: EntityID
    /// The signal.
    package var signalId: EntityID
    /// The signal's fingerprint.
    package var fingerprint: String?
    /// Why it was attached.
    package var reason: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, signalId: EntityID, fingerprint: String? = nil, reason: String? = nil) {
        self.incidentId = incidentId
        self.signalId = signalId
        self.fingerprint = fingerprint
        self.reason = reason
    }
}

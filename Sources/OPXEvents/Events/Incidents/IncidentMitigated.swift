/// The impact of an incident stopped while it stays under watch; its status becomes ``IncidentStatus/mitigated``.
package struct IncidentMitigated: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.mitigated`.
    package static let eventType = EventType(unchecked: "incident.mitigated")
    /// The schema version these fields follow (`Schemas/events/incident.mitigated/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The incident.
    package var incidentId: EntityID
    /// When the impact stopped.
    package var mitigatedAt: Timestamp
    /// Who mitigated it.
    package var mitigatedBy: String?
    /// What was done.
    package var note: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, mitigatedAt: Timestamp, mitigatedBy: String? = nil, note: String? = nil) {
        self.incidentId = incidentId
        self.mitigatedAt = mitigatedAt
        self.mitigatedBy = mitigatedBy
        self.note = note
    }
}

/// An incident was resolved; its status becomes ``IncidentStatus/resolved``.
///
/// `resolution` and `rootCause` are what the historical-pattern agent later reads for similar incidents.
package struct IncidentResolved: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.resolved`.
    package static let eventType = EventType(unchecked: "incident.resolved")
    /// The schema version these fields follow (`Schemas/events/incident.resolved/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The incident.
    package var incidentId: EntityID
    /// When it was resolved.
    package var resolvedAt: Timestamp
    /// What resolved it.
    package var reason: Reason
    /// How it was fixed.
    package var resolution: String?
    /// The root cause, once known.
    package var rootCause: String?
    /// Who resolved it.
    package var resolvedBy: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, resolvedAt: Timestamp, reason: Reason, resolution: String? = nil,
                 rootCause: String? = nil, resolvedBy: String? = nil) {
        self.incidentId = incidentId
        self.resolvedAt = resolvedAt
        self.reason = reason
        self.resolution = resolution
        self.rootCause = rootCause
        self.resolvedBy = resolvedBy
    }

    /// What resolved an incident.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every attached signal resolved.
        case allSignalsResolved = "all-signals-resolved"
        /// A person resolved it.
        case manual
        /// No signal fired for the configured quiet period.
        case timeout
    }
}

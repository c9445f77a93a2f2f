/// An incident was opened, by a detection rule or a person; its status is ``IncidentStatus/open``.
///
/// ```swift
/// let opened = IncidentOpened(incidentId: .random(), title: "checkout 5xx above 5 %", service: "checkout",
///                             severity: .sev2, openedAt: try Timestamp(rfc3339: "2026-11-24T06:02:00Z"))
/// ```
package struct IncidentOpened: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.opened`.
    package static let eventType = EventType(unchecked: "incident.opened")
    /// The schema version these fields follow (`Schemas/events/incident.opened/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The incident's id; its stream is `incident-<id>`.
    package var incidentId: EntityID
    /// A one-line title.
    package var title: String
    /// The primary service.
    package var service: String
    /// The initial severity.
    package var severity: Severity
    /// When it was opened.
    package var openedAt: Timestamp
    /// The detection that opened it.
    package var detectionId: EntityID?
    /// The signals it starts with.
    package var signalIds: [EntityID]?
    /// Other affected services.
    package var services: [String]?
    /// A longer description.
    package var summary: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, title: String, service: String, severity: Severity, openedAt: Timestamp,
                 detectionId: EntityID? = nil, signalIds: [EntityID]? = nil, services: [String]? = nil,
                 summary: String? = nil) {
        self.incidentId = incidentId
        self.title = title
        self.service = service
        self.severity = severity
        self.openedAt = openedAt
        self.detectionId = detectionId
        self.signalIds = signalIds
        self.services = services
        self.summary = summary
    }
}

/// A correlation rule matched a group of signals.
///
/// Every correlation decision is an event, so rebuilding the log gives the same incidents.
package struct DetectionFired: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `detection.fired`.
    package static let eventType = EventType(unchecked: "detection.fired")
    /// The schema version these fields follow (`Schemas/events/detection.fired/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The detection's id.
    package var detectionId: EntityID
    /// The name of the rule that matched.
    package var rule: String
    /// The service the group is about.
    package var service: String?
    /// The severity the rule assigns.
    package var severity: Severity
    /// The signals that matched (1–1,000, unique).
    package var signalIds: [EntityID]
    /// The start of the correlation window.
    package var windowStart: Timestamp?
    /// The end of the correlation window.
    package var windowEnd: Timestamp?
    /// Why the rule matched, for people.
    package var reason: String
    /// The incident it opened or attached to.
    package var incidentId: EntityID?

    /// Creates the event; optional fields default to absent.
    package init(detectionId: EntityID, rule: String, service: String? = nil, severity: Severity,
                 signalIds: [EntityID], windowStart: Timestamp? = nil, windowEnd: Timestamp? = nil, reason: String,
                 incidentId: EntityID? = nil) {
        self.detectionId = detectionId
        self.rule = rule
        self.service = service
        self.severity = severity
        self.signalIds = signalIds
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.reason = reason
        self.incidentId = incidentId
    }
}

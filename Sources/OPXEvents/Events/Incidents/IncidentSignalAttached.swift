/// Later signals were attached to an open incident, all in one correlation decision.
///
/// Schema v2 lists every signal the decision attaches (correlation writes one event per incident per decision
/// batch); a v1 record, which named one `signalId`, is upcast to a list of one on read
/// (``upcasterFromV1``).
package struct IncidentSignalAttached: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `incident.signal-attached`.
    package static let eventType = EventType(unchecked: "incident.signal-attached")
    /// The schema version these fields follow (`Schemas/events/incident.signal-attached/v2.schema.json`).
    package static let schemaVersion: UInt16 = 2
    /// Signal ids one event lists at most (the schema's `maxItems`).
    package static let maximumSignals = 1000

    /// The incident.
    package var incidentId: EntityID
    /// The signals, in the order they were decided (1 to ``maximumSignals``).
    package var signalIds: [EntityID]
    /// The signals' fingerprints, in the order of ``signalIds``.
    package var fingerprints: [String]?
    /// Why they were attached.
    package var reason: String?

    /// Creates the event; optional fields default to absent.
    package init(incidentId: EntityID, signalIds: [EntityID], fingerprints: [String]? = nil, reason: String? = nil) {
        self.incidentId = incidentId
        self.signalIds = signalIds
        self.fingerprints = fingerprints
        self.reason = reason
    }

    /// Creates the event for one signal; optional fields default to absent.
    package init(incidentId: EntityID, signalId: EntityID, fingerprint: String? = nil, reason: String? = nil) {
        self.init(incidentId: incidentId, signalIds: [signalId], fingerprints: fingerprint.map { [$0] }, reason: reason)
    }
}

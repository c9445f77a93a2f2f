import OPXEvents

/// One correlation decision: an event in an incident's stream.
enum Decision: Sendable {
    case detected(DetectionFired)
    case opened(IncidentOpened)
    case attached(IncidentSignalAttached)
    case severityChanged(IncidentSeverityChanged)
    case resolved(IncidentResolved)

    /// The five event types correlation records.
    static let eventTypes = [DetectionFired.eventType, IncidentOpened.eventType, IncidentSignalAttached.eventType,
                             IncidentSeverityChanged.eventType, IncidentResolved.eventType]

    /// The decision in a recorded event of one of the five types at schema `version`; `nil` for other events.
    ///
    /// A v1 `incident.signal-attached` (one signal per event) is read in its v2 shape.
    init?(type: String, version: UInt16, payload: JSONValue) throws {
        switch type {
        case DetectionFired.eventType.rawValue: self = .detected(try DetectionFired(jsonPayload: payload))
        case IncidentOpened.eventType.rawValue: self = .opened(try IncidentOpened(jsonPayload: payload))
        case IncidentSignalAttached.eventType.rawValue:
            self = .attached(try IncidentSignalAttached(jsonPayload: version == 1 ? IncidentSignalAttached.payloadFromV1(payload) : payload))
        case IncidentSeverityChanged.eventType.rawValue: self = .severityChanged(try IncidentSeverityChanged(jsonPayload: payload))
        case IncidentResolved.eventType.rawValue: self = .resolved(try IncidentResolved(jsonPayload: payload))
        default: return nil
        }
    }

    /// The incident it is about.
    var incidentId: EntityID? {
        switch self {
        case .detected(let event): event.incidentId
        case .opened(let event): event.incidentId
        case .attached(let event): event.incidentId
        case .severityChanged(let event): event.incidentId
        case .resolved(let event): event.incidentId
        }
    }

    /// The word `opx ingest` prints for it.
    var action: String {
        switch self {
        case .detected: "detected"
        case .opened: "opened"
        case .attached: "joined"
        case .severityChanged(let event): "severity \(event.from.rawValue)→\(event.to.rawValue)"
        case .resolved: "resolved"
        }
    }

    /// The event to append, with its id derived from the incident and the decision, so retrying after a crash
    /// appends it at most once.
    /// `window` is the start of the group's correlation window: the time the id sorts by, except for an attachment,
    /// whose id sits beside its first signal's (see ``IdempotencyKey/eventID(beside:_:)``).
    func proposedEvent(ordinal: String, window: Timestamp) -> ProposedEvent {
        let (type, schemaVersion, payload) = typedPayload
        let incident = incidentId?.description ?? "-"
        let id = if case .attached(let event) = self, let first = event.signalIds.first {
            IdempotencyKey.eventID(beside: first.uuid, "opx-correlation", incident, type.rawValue, ordinal)
        } else {
            IdempotencyKey.eventID(at: window, "opx-correlation", incident, type.rawValue, ordinal)
        }
        return ProposedEvent(id: id, type: type, schemaVersion: schemaVersion, data: payload, source: Self.source)
    }

    /// The source of every decision event.
    private static let source = EventSource(unchecked: "/opx/correlation")
}

extension ProposedEvent {
    /// An event built from a typed catalogue value, with its type, schema version, and canonical payload.
    ///
    /// It is not validated here; the log validates every event on append.
    ///
    /// ```swift
    /// let event = try ProposedEvent(IncidentMitigated(incidentId: id, mitigatedAt: now),
    ///                               source: EventSource("/opx/cli"))
    /// ```
    ///
    /// - Parameters:
    ///   - event: The typed payload.
    ///   - id: The event id (the idempotency key); random by default.
    ///   - source: Who produced it.
    ///   - correlationID: The id of the event or request it belongs to.
    ///   - causationID: The id of the event that caused it.
    ///   - traceparent: A W3C trace context.
    /// - Throws: ``CatalogueError`` when the value cannot be encoded.
    package init<Event: CatalogueEvent>(_ event: Event, id: EventID = .random(), source: EventSource = .default,
                                        correlationID: EventID? = nil, causationID: EventID? = nil,
                                        traceparent: Traceparent? = nil) throws(CatalogueError) {
        self.init(id: id, type: Event.eventType, schemaVersion: Event.schemaVersion, data: try event.jsonPayload(),
                  source: source, correlationID: correlationID, causationID: causationID, traceparent: traceparent)
    }
}

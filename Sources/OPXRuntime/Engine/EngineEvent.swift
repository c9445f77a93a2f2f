package import OPXEvents

/// An event the engine appends to an investigation's stream, kept typed so the engine can fold it into its
/// ``InvestigationHistory`` exactly as a later resume folds it from the log.
package enum EngineEvent: Sendable {
    /// `investigation.started`.
    case started(InvestigationStarted)
    /// `agent.invoked`.
    case invoked(AgentInvoked)
    /// `validation.recorded`.
    case validation(ValidationRecorded)
    /// `agent.failed`.
    case agentFailed(AgentFailed)
    /// `agent.output-recorded`.
    case output(AgentOutputRecorded)
    /// `usage.recorded`.
    case usage(UsageRecorded)
    /// `consensus.reached`.
    case consensus(ConsensusReached)
    /// `investigation.completed`.
    case completed(InvestigationCompleted)
    /// `investigation.failed`.
    case failed(InvestigationFailed)
    /// `trace.span-recorded`.
    case span(TraceSpanRecorded)
    /// Anything the history does not track (`investigation.resumed`, `guardrail.violation`, budget and alert events).
    case other(ProposedEvent)

    /// The event to append. The events every investigation records are built directly (see
    /// `EngineEvent+Payloads.swift`); the rarer ones go through Codable.
    ///
    /// - Parameter id: The new event's id (an `.other` event keeps its own).
    /// - Throws: ``CatalogueError`` when the value cannot be encoded.
    package func proposed(source: EventSource, id: EventID = .random()) throws -> ProposedEvent {
        switch self {
        case .started(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .invoked(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .validation(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .agentFailed(let e): return try ProposedEvent(e, id: id, source: source)
        case .output(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .usage(let e): return try ProposedEvent(e, id: id, source: source)
        case .consensus(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .completed(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .failed(let e): return try ProposedEvent(e, id: id, source: source)
        case .span(let e): return Self.direct(e, e.directPayload, id: id, source: source)
        case .other(let e): return e
        }
    }

    /// `event` to append with `payload`, its directly built payload.
    private static func direct<Event: CatalogueEvent>(_: Event, _ payload: JSONValue, id: EventID, source: EventSource) -> ProposedEvent {
        ProposedEvent(id: id, type: Event.eventType, schemaVersion: Event.schemaVersion, data: payload, source: source)
    }
}

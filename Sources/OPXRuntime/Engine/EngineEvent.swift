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

    /// The event to append.
    ///
    /// - Throws: ``CatalogueError`` when the value cannot be encoded.
    package func proposed(source: EventSource) throws -> ProposedEvent {
        switch self {
        case .started(let e): return try ProposedEvent(e, source: source)
        case .invoked(let e):
            return ProposedEvent(type: AgentInvoked.eventType, schemaVersion: AgentInvoked.schemaVersion, data: e.directPayload, source: source)
        case .validation(let e):
            return ProposedEvent(type: ValidationRecorded.eventType, schemaVersion: ValidationRecorded.schemaVersion,
                                 data: e.directPayload, source: source)
        case .agentFailed(let e): return try ProposedEvent(e, source: source)
        case .output(let e): return try Self.proposed(e, setting: \.output, as: "output", source: source)
        case .usage(let e): return try ProposedEvent(e, source: source)
        case .consensus(let e): return try Self.proposed(e, setting: \.output, as: "output", source: source)
        case .completed(let e): return try ProposedEvent(e, source: source)
        case .failed(let e): return try ProposedEvent(e, source: source)
        case .span(let e): return try Self.proposed(e, setting: \.attributes, as: "attributes", source: source)
        case .other(let e): return e
        }
    }

    /// `event` to append, its JSON object member `key` (at `member`) put into the payload as it is rather than
    /// through Codable, which would encode it to text and parse it back: the costly part of an agent's output, a
    /// consensus or a span's attributes. The payload is the same as Codable's.
    private static func proposed<Event: CatalogueEvent>(_ event: Event, setting member: WritableKeyPath<Event, JSONObject>, as key: String,
                                                        source: EventSource) throws -> ProposedEvent {
        var shell = event
        shell[keyPath: member] = JSONObject()
        guard var payload = try shell.jsonPayload().objectValue else { return try ProposedEvent(event, source: source) }
        payload.set(key, .object(event[keyPath: member]))
        return ProposedEvent(type: Event.eventType, schemaVersion: Event.schemaVersion, data: .object(payload), source: source)
    }
}

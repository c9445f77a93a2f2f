/// A typed agent output document: the Swift face of a schema in `Schemas/agents/`.
///
/// Agents produce these; the runtime validates the JSON form against ``schemaID`` (the schema stage), then records
/// it in `agent.output-recorded` (or, for consensus, `consensus.reached`).
///
/// ```swift
/// let document = try output.jsonPayload()
/// try registry.validateAgentOutput(document, schemaID: SignalIntelligenceOutput.schemaID)
/// ```
package protocol AgentOutputDocument: Sendable, Codable, Hashable {
    /// The agent that writes this document.
    static var agentName: AgentName { get }
    /// The schema version these fields follow.
    static var schemaVersion: UInt16 { get }
}

extension AgentOutputDocument {
    /// The schema id, such as `opx:agent/signal-intelligence/v1`.
    package static var schemaID: String { SchemaID.agentOutput(agentName.rawValue, version: schemaVersion) }
}

/// An agent attempt's output, after it passed validation and guardrails (redacted where configured).
///
/// Recorded only for outputs that passed, so it also marks the step as completed (a checkpoint). `output` is the
/// document itself; `outputSchema` names the agent output schema it was validated against, such as
/// `opx:agent/signal-intelligence/v1` (the event schema only bounds its size; ``EventRegistry/validateAgentOutput(_:schemaID:)``
/// checks the document).
package struct AgentOutputRecorded: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `agent.output-recorded`.
    package static let eventType = EventType(unchecked: "agent.output-recorded")
    /// The schema version these fields follow (`Schemas/events/agent.output-recorded/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The agent.
    package var agent: AgentName
    /// The graph step, such as `signal-intelligence` (usually the agent's name).
    package var step: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// The `$id` of the output document's schema.
    package var outputSchema: String
    /// The output document.
    package var output: JSONObject
    /// `sha256:<64 hex>` of the canonical output.
    package var outputDigest: String?
    /// Whether guardrails redacted part of the output.
    package var redacted: Bool?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, agent: AgentName, step: String, attempt: Int, outputSchema: String,
                 output: JSONObject, outputDigest: String? = nil, redacted: Bool? = nil) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.outputSchema = outputSchema
        self.output = output
        self.outputDigest = outputDigest
        self.redacted = redacted
    }
}

/// An agent attempt is about to run (recorded before the call).
///
/// `inputDigest` is `sha256:` and the hex SHA-256 of the agent's canonical input; `opx replay --verify` fails, naming
/// the step, when a re-run computes a different digest.
package struct AgentInvoked: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `agent.invoked`.
    package static let eventType = EventType(unchecked: "agent.invoked")
    /// The schema version these fields follow (`Schemas/events/agent.invoked/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The agent.
    package var agent: AgentName
    /// The graph step, such as `signal-intelligence` (usually the agent's name).
    package var step: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// `sha256:<64 hex>` of the agent's canonical input.
    package var inputDigest: String
    /// How the agent runs.
    package var runner: Runner?
    /// The model, for LLM-backed agents.
    package var model: String?
    /// The attempt's time limit in milliseconds.
    package var timeoutMs: Int?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, agent: AgentName, step: String, attempt: Int, inputDigest: String,
                 runner: Runner? = nil, model: String? = nil, timeoutMs: Int? = nil) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.inputDigest = inputDigest
        self.runner = runner
        self.model = model
        self.timeoutMs = timeoutMs
    }

    /// How an agent runs.
    package enum Runner: String, Sendable, Hashable, Codable, CaseIterable {
        /// In process, deterministic.
        case builtin
        /// A subprocess speaking JSON on stdin/stdout.
        case subprocess
        /// An HTTP endpoint.
        case http
    }
}

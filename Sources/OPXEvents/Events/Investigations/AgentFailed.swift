/// An agent attempt failed.
///
/// `willRetry` tells whether another attempt follows; when it is false the agent is failed for this investigation.
package struct AgentFailed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `agent.failed`.
    package static let eventType = EventType(unchecked: "agent.failed")
    /// The schema version these fields follow (`Schemas/events/agent.failed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The agent.
    package var agent: AgentName
    /// The graph step, such as `signal-intelligence` (usually the agent's name).
    package var step: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// Why it failed.
    package var reason: Reason
    /// Details for people.
    package var message: String?
    /// Whether another attempt follows.
    package var willRetry: Bool

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, agent: AgentName, step: String, attempt: Int, reason: Reason,
                 message: String? = nil, willRetry: Bool) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.reason = reason
        self.message = message
        self.willRetry = willRetry
    }

    /// Why an agent attempt failed.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// It did not answer in time.
        case timeout
        /// Its process exited or its endpoint failed.
        case crashed
        /// Its output failed validation.
        case invalidOutput = "invalid-output"
        /// A guardrail blocked its output.
        case guardrailBlocked = "guardrail-blocked"
        /// The budget ran out.
        case budgetExceeded = "budget-exceeded"
        /// The investigation was cancelled.
        case cancelled
        /// Anything else.
        case error
    }
}

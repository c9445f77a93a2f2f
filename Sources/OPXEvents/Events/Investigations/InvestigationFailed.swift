package import Foundation

/// An investigation stopped without a consensus (fail closed).
package struct InvestigationFailed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `investigation.failed`.
    package static let eventType = EventType(unchecked: "investigation.failed")
    /// The schema version these fields follow (`Schemas/events/investigation.failed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The incident.
    package var incidentId: EntityID
    /// Why it stopped.
    package var reason: Reason
    /// Details.
    package var message: String?
    /// The step it stopped at.
    package var step: String?
    /// The agents that failed.
    package var failedAgents: [AgentName]
    /// Total model input tokens so far.
    package var inputTokens: Int?
    /// Total model output tokens so far.
    package var outputTokens: Int?
    /// Total cost so far in US dollars.
    package var costUsd: Decimal?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, incidentId: EntityID, reason: Reason, message: String? = nil,
                 step: String? = nil, failedAgents: [AgentName], inputTokens: Int? = nil, outputTokens: Int? = nil,
                 costUsd: Decimal? = nil) {
        self.investigationId = investigationId
        self.incidentId = incidentId
        self.reason = reason
        self.message = message
        self.step = step
        self.failedAgents = failedAgents
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUsd = costUsd
    }

    /// Why an investigation failed.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Too few agents succeeded for consensus.
        case noQuorum = "no-quorum"
        /// The budget ran out.
        case budgetExceeded = "budget-exceeded"
        /// Guardrails blocked a required output.
        case guardrailBlocked = "guardrail-blocked"
        /// Someone cancelled it.
        case cancelled
        /// Anything else.
        case error
    }
}

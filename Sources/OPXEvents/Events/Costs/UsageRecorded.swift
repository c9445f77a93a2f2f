package import Foundation

/// Tokens and cost of one model call.
///
/// `costUsd` is a decimal amount of US dollars from the configured price table.
package struct UsageRecorded: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `usage.recorded`.
    package static let eventType = EventType(unchecked: "usage.recorded")
    /// The schema version these fields follow (`Schemas/events/usage.recorded/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The agent.
    package var agent: AgentName
    /// The graph step.
    package var step: String?
    /// The attempt.
    package var attempt: Int?
    /// The model.
    package var model: String
    /// The provider, such as `openai`.
    package var provider: String?
    /// Input tokens (≥ 0).
    package var inputTokens: Int
    /// Output tokens (≥ 0).
    package var outputTokens: Int
    /// Cost in US dollars (≥ 0).
    package var costUsd: Decimal

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, agent: AgentName, step: String? = nil, attempt: Int? = nil, model: String,
                 provider: String? = nil, inputTokens: Int, outputTokens: Int, costUsd: Decimal) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.model = model
        self.provider = provider
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUsd = costUsd
    }
}

package import Foundation

/// An investigation finished with a consensus.
package struct InvestigationCompleted: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `investigation.completed`.
    package static let eventType = EventType(unchecked: "investigation.completed")
    /// The schema version these fields follow (`Schemas/events/investigation.completed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The incident.
    package var incidentId: EntityID
    /// Completed, or degraded when some agents failed.
    package var status: Status
    /// The agents that failed.
    package var failedAgents: [AgentName]
    /// Total model input tokens.
    package var inputTokens: Int
    /// Total model output tokens.
    package var outputTokens: Int
    /// Total cost in US dollars.
    package var costUsd: Decimal

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, incidentId: EntityID, status: Status, failedAgents: [AgentName],
                 inputTokens: Int, outputTokens: Int, costUsd: Decimal) {
        self.investigationId = investigationId
        self.incidentId = incidentId
        self.status = status
        self.failedAgents = failedAgents
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUsd = costUsd
    }

    /// How an investigation completed.
    package enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every agent succeeded.
        case completed
        /// Some agents failed, but consensus had a quorum.
        case degraded
    }
}

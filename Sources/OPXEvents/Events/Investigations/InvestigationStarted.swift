package import Foundation

/// An investigation of an incident started.
///
/// Appended to `investigation-<id>`. `agents` lists the analysis agents of its graph, so projections know which agent
/// statuses to track before any agent runs.
package struct InvestigationStarted: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `investigation.started`.
    package static let eventType = EventType(unchecked: "investigation.started")
    /// The schema version these fields follow (`Schemas/events/investigation.started/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The incident under investigation.
    package var incidentId: EntityID
    /// What started it.
    package var trigger: Trigger
    /// The analysis agents of the graph (1–32, unique).
    package var agents: [AgentName]
    /// Who asked for it.
    package var requestedBy: String?
    /// The per-investigation budget in US dollars.
    package var budgetUsd: Decimal?
    /// For a fork: where the shared history ends.
    package var forkedFrom: ForkOrigin?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, incidentId: EntityID, trigger: Trigger, agents: [AgentName],
                 requestedBy: String? = nil, budgetUsd: Decimal? = nil, forkedFrom: ForkOrigin? = nil) {
        self.investigationId = investigationId
        self.incidentId = incidentId
        self.trigger = trigger
        self.agents = agents
        self.requestedBy = requestedBy
        self.budgetUsd = budgetUsd
        self.forkedFrom = forkedFrom
    }

    /// What started an investigation.
    package enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        /// `opx investigate`.
        case manual
        /// `opx serve` when an incident opened.
        case automatic
        /// `opx fork` from a checkpoint of another investigation.
        case fork
    }

    /// Where a forked investigation's shared history ends.
    package struct ForkOrigin: Sendable, Hashable, Codable {
        /// The original investigation.
        package var investigationId: EntityID
        /// The checkpoint step the fork starts after.
        package var step: String
        /// The log position of that checkpoint.
        package var position: UInt64

        /// Creates a value; optional fields default to absent.
        package init(investigationId: EntityID, step: String, position: UInt64) {
            self.investigationId = investigationId
            self.step = step
            self.position = position
        }
    }
}

/// An interrupted investigation resumed (`opx resume`); steps with a recorded validated output are skipped.
package struct InvestigationResumed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `investigation.resumed`.
    package static let eventType = EventType(unchecked: "investigation.resumed")
    /// The schema version these fields follow (`Schemas/events/investigation.resumed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// Why it resumed.
    package var reason: Reason
    /// Steps already done (skipped).
    package var completedSteps: [String]
    /// Steps still to run.
    package var pendingSteps: [String]
    /// Each agent's status at the resume.
    package var agents: [AgentState]?
    /// The last log position of the investigation before the resume.
    package var lastPosition: UInt64?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, reason: Reason, completedSteps: [String], pendingSteps: [String],
                 agents: [AgentState]? = nil, lastPosition: UInt64? = nil) {
        self.investigationId = investigationId
        self.reason = reason
        self.completedSteps = completedSteps
        self.pendingSteps = pendingSteps
        self.agents = agents
        self.lastPosition = lastPosition
    }

    /// Why an investigation resumed.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The process running it stopped.
        case crashRecovery = "crash-recovery"
        /// A person resumed it.
        case manual
    }

    /// One agent's status.
    package struct AgentState: Sendable, Hashable, Codable {
        /// The agent.
        package var agent: AgentName
        /// Its status.
        package var status: AgentStatus

        /// Creates a value; optional fields default to absent.
        package init(agent: AgentName, status: AgentStatus) {
            self.agent = agent
            self.status = status
        }
    }
}

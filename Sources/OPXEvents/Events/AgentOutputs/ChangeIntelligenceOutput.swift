/// The change-intelligence agent's output: recent changes that may explain the incident.
package typealias ChangeIntelligenceOutput = AgentReport<ChangeIntelligenceDetails>

/// The fields of the change-intelligence agent's output besides ``AgentReportBasics``.
package struct ChangeIntelligenceDetails: AgentReportDetails {
    /// The agent, `change-intelligence`.
    package static let agentName: AgentName = .changeIntelligence
    /// The schema version these fields follow (`Schemas/agents/change-intelligence/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// Changes ranked by suspicion (at most 20).
    package var suspectChanges: [SuspectChange]

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation]? = nil, suspectChanges: [SuspectChange]) {
        self.recommendations = recommendations
        self.suspectChanges = suspectChanges
    }

    /// A change that may explain the incident.
    package struct SuspectChange: Sendable, Hashable, Codable {
        /// The change.
        package var changeId: EntityID
        /// The changed service.
        package var service: String
        /// What kind of change.
        package var kind: ChangeKind
        /// When it happened.
        package var at: Timestamp
        /// What changed.
        package var summary: String?
        /// The new version.
        package var version: String?
        /// How likely it caused the incident, from 0 to 1.
        package var suspicion: Double

        /// Creates a value; optional fields default to absent.
        package init(changeId: EntityID, service: String, kind: ChangeKind, at: Timestamp, summary: String? = nil,
                     version: String? = nil, suspicion: Double) {
            self.changeId = changeId
            self.service = service
            self.kind = kind
            self.at = at
            self.summary = summary
            self.version = version
            self.suspicion = suspicion
        }
    }
}

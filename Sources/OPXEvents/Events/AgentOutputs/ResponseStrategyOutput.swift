/// The response-strategy agent's output: recommended actions built on the other agents' outputs.
package typealias ResponseStrategyOutput = AgentReport<ResponseStrategyDetails>

/// The fields of the response-strategy agent's output besides ``AgentReportBasics``.
package struct ResponseStrategyDetails: AgentReportDetails {
    /// The agent, `response-strategy`.
    package static let agentName: AgentName = .responseStrategy
    /// The schema version these fields follow (`Schemas/agents/response-strategy/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (1–20).
    package var recommendations: [Recommendation]
    /// How soon to act.
    package var urgency: Urgency
    /// A change to roll back, if one stands out.
    package var rollbackCandidate: EntityID?

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation], urgency: Urgency, rollbackCandidate: EntityID? = nil) {
        self.recommendations = recommendations
        self.urgency = urgency
        self.rollbackCandidate = rollbackCandidate
    }

    /// How soon to act.
    package enum Urgency: String, Sendable, Hashable, Codable, CaseIterable {
        /// Now.
        case immediate
        /// Within hours.
        case soon
        /// Watch; no action yet.
        case monitor
    }
}

/// The response-strategy agent's output: recommended actions built on the other agents' outputs.
package struct ResponseStrategyOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The agent, `response-strategy`.
    package static let agentName: AgentName = .responseStrategy
    /// The schema version these fields follow (`Schemas/agents/response-strategy/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The agent that wrote it; always ``agentName``.
    package var agent: AgentName
    /// A summary for people.
    package var summary: String
    /// Overall confidence, from 0 to 1.
    package var confidence: Double
    /// Findings (at most 50).
    package var findings: [Finding]
    /// The evidence cited (at most 100).
    package var evidence: [EvidenceReference]
    /// Every service the document names (unique).
    package var services: [String]
    /// Recommended actions (1–20).
    package var recommendations: [Recommendation]
    /// How soon to act.
    package var urgency: Urgency
    /// A change to roll back, if one stands out.
    package var rollbackCandidate: EntityID?

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], recommendations: [Recommendation], urgency: Urgency,
                 rollbackCandidate: EntityID? = nil) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
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

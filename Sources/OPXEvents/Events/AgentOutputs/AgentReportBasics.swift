/// The fields every specialist agent's output has, whatever the agent: the common part of the six schemas in
/// `Schemas/agents/` (consensus has its own shape, ``ConsensusOutput``).
package struct AgentReportBasics: Sendable, Hashable, Codable {
    /// The agent that wrote the document; always its type's ``AgentOutputDocument/agentName``.
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

    /// Creates the fields of one agent's document.
    package init(agent: AgentName, summary: String, confidence: Double, findings: [Finding],
                 evidence: [EvidenceReference], services: [String]) {
        self.agent = agent
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
    }
}

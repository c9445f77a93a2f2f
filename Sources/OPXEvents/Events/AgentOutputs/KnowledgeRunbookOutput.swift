/// The knowledge / runbook agent's output: ranked runbook sections, each cited as `file#section`.
package struct KnowledgeRunbookOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The agent, `knowledge-runbook`.
    package static let agentName: AgentName = .knowledgeRunbook
    /// The schema version these fields follow (`Schemas/agents/knowledge-runbook/v1.schema.json`).
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
    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// Relevant sections, best first (at most 20).
    package var runbookSections: [RunbookSection]

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], recommendations: [Recommendation]? = nil, runbookSections: [RunbookSection]) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
        self.recommendations = recommendations
        self.runbookSections = runbookSections
    }

    /// A runbook section.
    package struct RunbookSection: Sendable, Hashable, Codable {
        /// The runbook file, relative to the runbooks folder.
        package var file: String
        /// The section heading.
        package var section: String
        /// `file#section`.
        package var citation: String
        /// The ranking score (BM25 or similar, ≥ 0).
        package var score: Double
        /// The relevant text.
        package var excerpt: String?

        /// Creates a value; optional fields default to absent.
        package init(file: String, section: String, citation: String, score: Double, excerpt: String? = nil) {
            self.file = file
            self.section = section
            self.citation = citation
            self.score = score
            self.excerpt = excerpt
        }
    }
}

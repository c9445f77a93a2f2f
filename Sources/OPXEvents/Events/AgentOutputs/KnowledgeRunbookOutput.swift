/// The knowledge / runbook agent's output: ranked runbook sections, each cited as `file#section`.
package typealias KnowledgeRunbookOutput = AgentReport<KnowledgeRunbookDetails>

/// The fields of the knowledge / runbook agent's output besides ``AgentReportBasics``.
package struct KnowledgeRunbookDetails: AgentReportDetails {
    /// The agent, `knowledge-runbook`.
    package static let agentName: AgentName = .knowledgeRunbook
    /// The schema version these fields follow (`Schemas/agents/knowledge-runbook/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// Relevant sections, best first (at most 20).
    package var runbookSections: [RunbookSection]

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation]? = nil, runbookSections: [RunbookSection]) {
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

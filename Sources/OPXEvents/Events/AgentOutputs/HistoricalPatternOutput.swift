/// The historical-pattern agent's output: similar past incidents and how they were resolved.
package struct HistoricalPatternOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The agent, `historical-pattern`.
    package static let agentName: AgentName = .historicalPattern
    /// The schema version these fields follow (`Schemas/agents/historical-pattern/v1.schema.json`).
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
    /// Similar past incidents, most similar first (at most 20).
    package var similarIncidents: [SimilarIncident]

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], recommendations: [Recommendation]? = nil, similarIncidents: [SimilarIncident]) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
        self.recommendations = recommendations
        self.similarIncidents = similarIncidents
    }

    /// A similar past incident.
    package struct SimilarIncident: Sendable, Hashable, Codable {
        /// The incident.
        package var incidentId: EntityID
        /// Its title.
        package var title: String
        /// Its service.
        package var service: String?
        /// How similar, from 0 to 1.
        package var similarity: Double
        /// How it was resolved.
        package var resolution: String?
        /// When it was resolved.
        package var resolvedAt: Timestamp?

        /// Creates a value; optional fields default to absent.
        package init(incidentId: EntityID, title: String, service: String? = nil, similarity: Double,
                     resolution: String? = nil, resolvedAt: Timestamp? = nil) {
            self.incidentId = incidentId
            self.title = title
            self.service = service
            self.similarity = similarity
            self.resolution = resolution
            self.resolvedAt = resolvedAt
        }
    }
}

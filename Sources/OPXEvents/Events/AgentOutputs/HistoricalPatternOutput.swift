/// The historical-pattern agent's output: similar past incidents and how they were resolved.
package typealias HistoricalPatternOutput = AgentReport<HistoricalPatternDetails>

/// The fields of the historical-pattern agent's output besides ``AgentReportBasics``.
package struct HistoricalPatternDetails: AgentReportDetails {
    /// The agent, `historical-pattern`.
    package static let agentName: AgentName = .historicalPattern
    /// The schema version these fields follow (`Schemas/agents/historical-pattern/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// Similar past incidents, most similar first (at most 20).
    package var similarIncidents: [SimilarIncident]

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation]? = nil, similarIncidents: [SimilarIncident]) {
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

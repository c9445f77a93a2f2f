/// A person approved or rejected an investigation's advisory recommendation (`opx review`).
package struct RecommendationReviewed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `recommendation.reviewed`.
    package static let eventType = EventType(unchecked: "recommendation.reviewed")
    /// The schema version these fields follow (`Schemas/events/recommendation.reviewed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The recommendation's id in the consensus document.
    package var recommendationId: String?
    /// Approve or reject.
    package var decision: Decision
    /// Who reviewed it.
    package var reviewer: String
    /// Why.
    package var note: String?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, recommendationId: String? = nil, decision: Decision, reviewer: String,
                 note: String? = nil) {
        self.investigationId = investigationId
        self.recommendationId = recommendationId
        self.decision = decision
        self.reviewer = reviewer
        self.note = note
    }

    /// A reviewer's decision.
    package enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
        /// The recommendation is accepted.
        case approve
        /// The recommendation is rejected.
        case reject
    }
}

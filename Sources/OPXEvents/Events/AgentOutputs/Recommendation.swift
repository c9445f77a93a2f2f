/// A recommended action, citing the evidence it rests on.
///
/// Advisory only: a person reviews it (`recommendation.reviewed`). Guardrails check `commands` for destructive ones.
package struct Recommendation: Sendable, Hashable, Codable {
    /// The recommendation's id within the document, such as `R1`.
    package var id: String
    /// What to do, in one line.
    package var action: String
    /// Why.
    package var rationale: String
    /// Ids of the evidence it cites (at least one).
    package var evidence: [String]
    /// How risky the action is.
    package var risk: Risk
    /// How sure, from 0 to 1.
    package var confidence: Double?
    /// Commands a person could run.
    package var commands: [String]?
    /// Services it touches.
    package var services: [String]?

    /// Creates a value; optional fields default to absent.
    package init(id: String, action: String, rationale: String, evidence: [String], risk: Risk,
                 confidence: Double? = nil, commands: [String]? = nil, services: [String]? = nil) {
        self.id = id
        self.action = action
        self.rationale = rationale
        self.evidence = evidence
        self.risk = risk
        self.confidence = confidence
        self.commands = commands
        self.services = services
    }

    /// How risky an action is.
    package enum Risk: String, Sendable, Hashable, Codable, CaseIterable {
        /// Safe to do now.
        case low
        /// Needs care.
        case medium
        /// Could make things worse.
        case high
    }
}

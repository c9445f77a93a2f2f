/// The result of one validation stage for one agent attempt.
package struct ValidationRecorded: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `validation.recorded`.
    package static let eventType = EventType(unchecked: "validation.recorded")
    /// The schema version these fields follow (`Schemas/events/validation.recorded/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The agent.
    package var agent: AgentName
    /// The graph step, such as `signal-intelligence` (usually the agent's name).
    package var step: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// Which stage.
    package var stage: Stage
    /// Whether the output passed.
    package var passed: Bool
    /// What failed (empty when passed; at most 100).
    package var errors: [Issue]
    /// The schema id checked, for the schema stage.
    package var schema: String?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, agent: AgentName, step: String, attempt: Int, stage: Stage, passed: Bool,
                 errors: [Issue], schema: String? = nil) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.stage = stage
        self.passed = passed
        self.errors = errors
        self.schema = schema
    }

    /// A validation stage.
    package enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        /// The output document against its JSON Schema.
        case schema
        /// Business rules: confidences in range, evidence that exists, recommendations that cite evidence.
        case business
        /// Semantic checks: named services exist in the incident or the dependency graph.
        case semantic
    }

    /// One validation problem.
    package struct Issue: Sendable, Hashable, Codable {
        /// The JSON Pointer in the output document.
        package var pointer: String
        /// What is wrong.
        package var message: String
        /// The rule that failed.
        package var rule: String?

        /// Creates a value; optional fields default to absent.
        package init(pointer: String, message: String, rule: String? = nil) {
            self.pointer = pointer
            self.message = message
            self.rule = rule
        }
    }
}

/// A specialist agent's output document: the fields every agent writes (``AgentReportBasics``) beside the fields
/// of that agent alone (its ``AgentReportDetails`` type, such as ``ChangeIntelligenceDetails``), as one flat
/// JSON object.
///
/// Both parts read and write as if their fields were the document's own (`output.summary`,
/// `output.suspectChanges`); the JSON form has no nesting: `{"agent": …, "summary": …, "suspectChanges": …}`.
///
/// ```swift
/// let output = ChangeIntelligenceOutput(summary: "One deploy stands out", confidence: 0.8, findings: findings,
///                                       evidence: evidence, services: ["checkout"],
///                                       details: ChangeIntelligenceDetails(suspectChanges: suspects))
/// ```
@dynamicMemberLookup
package struct AgentReport<Details: AgentReportDetails>: AgentOutputDocument {
    /// The agent that writes this document.
    package static var agentName: AgentName { Details.agentName }
    /// The schema version these fields follow.
    package static var schemaVersion: UInt16 { Details.schemaVersion }

    /// The fields every agent writes.
    package var basics: AgentReportBasics
    /// The fields of this agent alone.
    package var details: Details

    /// Creates the document, naming ``agentName`` as its agent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], details: Details) {
        basics = AgentReportBasics(agent: Self.agentName, summary: summary, confidence: confidence,
                                   findings: findings, evidence: evidence, services: services)
        self.details = details
    }

    /// Decodes both parts from the one JSON object.
    package init(from decoder: any Decoder) throws {
        basics = try AgentReportBasics(from: decoder)
        details = try Details(from: decoder)
    }

    /// Encodes both parts into one JSON object.
    package func encode(to encoder: any Encoder) throws {
        try basics.encode(to: encoder)
        try details.encode(to: encoder)
    }

    /// A field every agent writes, such as `summary`.
    package subscript<Value>(dynamicMember field: WritableKeyPath<AgentReportBasics, Value>) -> Value {
        get { basics[keyPath: field] }
        set { basics[keyPath: field] = newValue }
    }

    /// A field of this agent alone.
    package subscript<Value>(dynamicMember field: WritableKeyPath<Details, Value>) -> Value {
        get { details[keyPath: field] }
        set { details[keyPath: field] = newValue }
    }
}

/// The fields of one specialist agent's output document besides ``AgentReportBasics``, and which agent and schema
/// version they belong to.
package protocol AgentReportDetails: Sendable, Hashable, Codable {
    /// The agent that writes the document.
    static var agentName: AgentName { get }
    /// The schema version the document's fields follow (`Schemas/agents/<agent>/v<version>.schema.json`).
    static var schemaVersion: UInt16 { get }
}

/// The name of an agent in the investigation graph: lowercase words joined by `-`, at most 64 characters.
///
/// The graph is configurable, so any such name is valid; the built-in agents have constants.
///
/// ```swift
/// let agents: [AgentName] = AgentName.analysisAgents + [.consensus]
/// ```
package struct AgentName: RawRepresentable, Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    /// The name, such as `signal-intelligence`.
    package let rawValue: String

    /// Wraps a name.
    ///
    /// - Parameter rawValue: The name; schemas check its shape.
    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Wraps a literal name.
    package init(stringLiteral value: String) {
        rawValue = value
    }

    /// The name.
    package var description: String { rawValue }

    /// Orders names alphabetically (by UTF-8 bytes).
    package static func < (lhs: AgentName, rhs: AgentName) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// Reads the incident's signals: groups, primary service, symptoms.
    package static let signalIntelligence: AgentName = "signal-intelligence"
    /// Finds similar past incidents and how they were resolved.
    package static let historicalPattern: AgentName = "historical-pattern"
    /// Finds recent deployments and configuration changes that may explain the incident.
    package static let changeIntelligence: AgentName = "change-intelligence"
    /// Walks the dependency graph to size the blast radius.
    package static let riskBlastRadius: AgentName = "risk-blast-radius"
    /// Searches runbooks and cites sections.
    package static let knowledgeRunbook: AgentName = "knowledge-runbook"
    /// Recommends response actions from the other agents' outputs.
    package static let responseStrategy: AgentName = "response-strategy"
    /// Agrees the advisory recommendation from the recorded outputs.
    package static let consensus: AgentName = "consensus"

    /// The six built-in analysis agents, in graph order.
    package static let analysisAgents: [AgentName] = [
        .signalIntelligence, .historicalPattern, .changeIntelligence, .riskBlastRadius, .knowledgeRunbook,
        .responseStrategy,
    ]
}

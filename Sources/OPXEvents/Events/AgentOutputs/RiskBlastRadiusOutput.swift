/// The risk / blast-radius agent's output: which services the incident can reach, and how risky it is.
package struct RiskBlastRadiusOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The agent, `risk-blast-radius`.
    package static let agentName: AgentName = .riskBlastRadius
    /// The schema version these fields follow (`Schemas/agents/risk-blast-radius/v1.schema.json`).
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
    /// The blast radius.
    package var blastRadius: BlastRadius

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], recommendations: [Recommendation]? = nil, blastRadius: BlastRadius) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
        self.recommendations = recommendations
        self.blastRadius = blastRadius
    }

    /// A risk or criticality level.
    package enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// Low.
        case low
        /// Medium.
        case medium
        /// High.
        case high
        /// Critical.
        case critical
    }

    /// The services an incident can reach through the dependency graph.
    package struct BlastRadius: Sendable, Hashable, Codable {
        /// The overall risk.
        package var riskLevel: Level
        /// Reachable services (at most 100).
        package var impactedServices: [ImpactedService]
        /// The likely customer impact.
        package var customerImpact: String?

        /// Creates a value; optional fields default to absent.
        package init(riskLevel: Level, impactedServices: [ImpactedService], customerImpact: String? = nil) {
            self.riskLevel = riskLevel
            self.impactedServices = impactedServices
            self.customerImpact = customerImpact
        }
    }

    /// A service the incident can reach.
    package struct ImpactedService: Sendable, Hashable, Codable {
        /// The service.
        package var service: String
        /// Hops from the incident's service (0 is the service itself).
        package var distance: Int
        /// How critical the service is.
        package var criticality: Level?
        /// The dependency path from the incident's service.
        package var path: [String]?

        /// Creates a value; optional fields default to absent.
        package init(service: String, distance: Int, criticality: Level? = nil, path: [String]? = nil) {
            self.service = service
            self.distance = distance
            self.criticality = criticality
            self.path = path
        }
    }
}

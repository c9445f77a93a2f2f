/// The risk / blast-radius agent's output: which services the incident can reach, and how risky it is.
package typealias RiskBlastRadiusOutput = AgentReport<RiskBlastRadiusDetails>

/// The fields of the risk / blast-radius agent's output besides ``AgentReportBasics``.
package struct RiskBlastRadiusDetails: AgentReportDetails {
    /// The agent, `risk-blast-radius`.
    package static let agentName: AgentName = .riskBlastRadius
    /// The schema version these fields follow (`Schemas/agents/risk-blast-radius/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// The blast radius.
    package var blastRadius: BlastRadius

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation]? = nil, blastRadius: BlastRadius) {
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

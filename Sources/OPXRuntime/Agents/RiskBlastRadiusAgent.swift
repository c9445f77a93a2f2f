package import OPXEvents

/// The risk / blast-radius agent: walks the dependency graph (the `services` config section) from the failing
/// service to the services that depend on it, and rates the risk from the incident's severity and what is hit.
///
/// Tools: `incident.get`, `services.blast-radius`. Evidence: one dependency edge per impacted service.
package struct RiskBlastRadiusAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `risk-blast-radius`.
    package var name: AgentName { .riskBlastRadius }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Reads the incident and the blast radius of its service and writes a ``RiskBlastRadiusOutput``.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        let impacts = try tools.blastRadius(of: incident.service, session: &session)
        let known = tools.services.contains(incident.service)
        let own = tools.services.nodes[incident.service]
        return AgentResult(document: try Self.analyse(incident, impacts, known: known, own: own).jsonPayload(), toolCalls: session.calls)
    }

    /// The analysis, a pure function of what the tools returned.
    static func analyse(_ incident: IncidentFacts, _ impacts: [ServiceGraph.Impact], known: Bool,
                        own: ServiceGraph.Node?) -> RiskBlastRadiusOutput {
        typealias Level = RiskBlastRadiusDetails.Level
        var evidence = EvidenceList()
        let incidentEvidence = evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)
        let edges = impacts.map { impact in
            evidence.cite(.dependency, impact.service, citation: "services#\(impact.service)",
                          summary: Text.clip("\(impact.path.reversed().joined(separator: " → ")) (\(impact.distance) hop\(impact.distance == 1 ? "" : "s"))", 2000))
        }
        let customerFacing = impacts.filter(\.customerFacing).map(\.service) + ((own?.customerFacing ?? false) ? [incident.service] : [])
        let critical = impacts.filter { $0.criticality == .critical }.map(\.service) + (own?.criticality == .critical ? [incident.service] : [])
        let level: Level = if incident.severity == .sev1 || (!critical.isEmpty && !customerFacing.isEmpty) { .critical }
            else if incident.severity == .sev2 || !critical.isEmpty { .high }
            else if !impacts.isEmpty { .medium }
            else { .low }
        var findings: [Finding] = []
        if !known {
            findings.append(Finding(id: "F1", title: Text.clip("\(incident.service) is not in the dependency graph", 300),
                                    detail: "Add it to the `services` config section to size its blast radius.",
                                    confidence: 0.9, evidence: [incidentEvidence], services: [incident.service]))
        } else if impacts.isEmpty {
            findings.append(Finding(id: "F1", title: Text.clip("No service depends on \(incident.service)", 300), confidence: 0.8,
                                    evidence: [incidentEvidence], services: [incident.service]))
        } else {
            findings.append(Finding(id: "F1", title: Text.clip("\(Text.count(impacts.count, "service")) depend on \(incident.service)", 300),
                                    detail: Text.clip(impacts.map { "\($0.service) (\($0.distance))" }.joined(separator: ", "), 4000),
                                    confidence: 0.85, evidence: edges, services: Array(Text.unique([incident.service] + impacts.map(\.service)).prefix(20))))
        }
        var recommendations: [Recommendation]?
        if !customerFacing.isEmpty {
            let ids = zip(impacts, edges).filter { customerFacing.contains($0.0.service) }.map(\.1)
            let cited = ids.isEmpty ? [incidentEvidence] : ids
            findings.append(Finding(id: "F\(findings.count + 1)", title: Text.clip("Customer-facing services are affected: \(customerFacing.joined(separator: ", "))", 300),
                                    confidence: 0.8, evidence: cited, services: Array(customerFacing.prefix(20))))
            recommendations = [Recommendation(id: "R1", action: "Post a status update and notify the owners of the affected customer-facing services",
                                              rationale: Text.clip("\(customerFacing.joined(separator: ", ")) depend on \(incident.service); customers may see errors.", 4000),
                                              evidence: cited, risk: .low, confidence: 0.8, services: Array(customerFacing.prefix(20)))]
        }
        let impacted = impacts.prefix(20).map {
            RiskBlastRadiusDetails.ImpactedService(service: $0.service, distance: $0.distance, criticality: $0.criticality, path: $0.path)
        }
        let blast = RiskBlastRadiusDetails.BlastRadius(riskLevel: level, impactedServices: Array(impacted),
                                                       customerImpact: customerFacing.isEmpty ? nil : Text.clip("Customer-facing: \(customerFacing.joined(separator: ", "))", 2000))
        let summary = "Risk \(level.rawValue): \(Text.count(impacts.count, "dependent service")) of \(incident.service)"
            + (customerFacing.isEmpty ? "." : ", customer-facing: \(customerFacing.joined(separator: ", ")).")
        return RiskBlastRadiusOutput(summary: Text.clip(summary, 4000), confidence: known ? 0.8 : 0.3, findings: findings,
                                     evidence: evidence.references,
                                     services: Array(Text.unique([incident.service] + incident.otherServices + impacts.map(\.service)).prefix(50)),
                                     details: RiskBlastRadiusDetails(recommendations: recommendations,
                                                                     blastRadius: blast))
    }
}

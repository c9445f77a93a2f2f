package import OPXEvents

/// The historical-pattern agent: finds past incidents like this one (same services, similar titles and alerts)
/// and reports how they were resolved.
///
/// Tools: `incident.get`, `incident.signals`, `incidents.similar`. Evidence: each past incident it cites.
package struct HistoricalPatternAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `historical-pattern`.
    package var name: AgentName { .historicalPattern }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Reads the incident, its signals and similar past incidents and writes a ``HistoricalPatternOutput``.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        let signals = try tools.signals(of: incident, session: &session)
        let similar = try tools.similarIncidents(to: incident, signals: signals, session: &session)
        return AgentResult(document: try Self.analyse(incident, similar).jsonPayload(), toolCalls: session.calls)
    }

    /// The analysis, a pure function of what the tools returned.
    static func analyse(_ incident: IncidentFacts, _ similar: [PastIncident]) -> HistoricalPatternOutput {
        var evidence = EvidenceList()
        var findings: [Finding] = []
        var recommendations: [Recommendation] = []
        let entries = similar.map { past -> HistoricalPatternDetails.SimilarIncident in
            let id = evidence.cite(.incident, past.id.description,
                                   summary: Text.clip([past.title, past.resolution.map { "resolved by: \($0)" }, past.rootCause.map { "root cause: \($0)" }]
                                       .compactMap { $0 }.joined(separator: "; "), 2000),
                                   observedAt: past.openedAt)
            if findings.count < 5, past.similarity >= 0.5 {
                let how = past.resolution.map { "It was resolved by: \($0)." } ?? "It has no recorded resolution."
                findings.append(Finding(id: "F\(findings.count + 1)", title: Text.clip("Similar to past incident \"\(past.title)\"", 300),
                                        detail: Text.clip("\(how)\(past.rootCause.map { " Root cause: \($0)." } ?? "")", 4000),
                                        confidence: Text.confidence(past.similarity), evidence: [id],
                                        services: past.service.map { [$0] }))
            }
            if recommendations.isEmpty, let resolution = past.resolution, past.similarity >= 0.5 {
                recommendations.append(Recommendation(id: "R1", action: Text.clip("Apply what resolved \"\(past.title)\": \(resolution)", 500),
                                                      rationale: Text.clip("The most similar past incident (similarity \(past.similarity)) ended this way\(past.rootCause.map { "; its root cause was: \($0)" } ?? "").", 4000),
                                                      evidence: [id], risk: .medium, confidence: Text.confidence(past.similarity * 0.9),
                                                      services: past.service.map { [$0] }))
            }
            return HistoricalPatternDetails.SimilarIncident(incidentId: past.id, title: Text.clip(past.title, 300), service: past.service,
                                                            similarity: Text.confidence(past.similarity), resolution: past.resolution.map { Text.clip($0, 2000) },
                                                            resolvedAt: past.resolvedAt)
        }
        if findings.isEmpty {
            let id = evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)
            findings.append(Finding(id: "F1", title: Text.clip("No closely similar past incident on \(incident.service)", 300),
                                    detail: "\(Text.count(similar.count, "weakly similar incident")) found; treat this as a new failure mode.",
                                    confidence: 0.5, evidence: [id], services: [incident.service]))
        }
        let resolved = similar.filter { $0.resolution != nil }.count
        let summary = similar.isEmpty ? "No past incident resembles this one."
            : "\(Text.count(similar.count, "similar past incident")) (\(resolved) with a recorded resolution); the closest is \"\(Text.clip(similar[0].title, 200))\" (similarity \(similar[0].similarity))."
        let services = Text.unique([incident.service] + incident.otherServices + similar.compactMap(\.service))
        return HistoricalPatternOutput(summary: summary, confidence: Text.confidence(similar.first.map { 0.3 + 0.6 * $0.similarity } ?? 0.2),
                                       findings: findings, evidence: evidence.references, services: Array(services.prefix(50)),
                                       details: HistoricalPatternDetails(recommendations: recommendations.isEmpty ? nil : recommendations,
                                                                         similarIncidents: Array(entries.prefix(20))))
    }
}

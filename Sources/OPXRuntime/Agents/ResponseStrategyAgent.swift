package import OPXEvents

/// The response-strategy agent: turns the other agents' outputs (``AgentInput/upstreamOutputs``) into an ordered
/// set of advisory actions — roll back a suspect deployment, follow a matching runbook, repeat what fixed a
/// similar incident, tell affected customers — each citing the evidence it rests on.
///
/// Tools: `incident.get`. Without upstream outputs it still recommends gathering evidence on the primary service.
package struct ResponseStrategyAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `response-strategy`.
    package var name: AgentName { .responseStrategy }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Reads the incident and writes a ``ResponseStrategyOutput`` from the upstream outputs.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        return AgentResult(document: try Self.analyse(incident, Upstream(input.upstreamOutputs)).jsonPayload(), toolCalls: session.calls)
    }

    /// The upstream outputs this agent understands, decoded (an output that does not decode is ignored).
    struct Upstream {
        var signals: SignalIntelligenceOutput?
        var history: HistoricalPatternOutput?
        var changes: ChangeIntelligenceOutput?
        var risk: RiskBlastRadiusOutput?
        var runbooks: KnowledgeRunbookOutput?

        init(_ outputs: [AgentName: JSONValue]) {
            signals = outputs[.signalIntelligence].flatMap { try? SignalIntelligenceOutput(jsonPayload: $0) }
            history = outputs[.historicalPattern].flatMap { try? HistoricalPatternOutput(jsonPayload: $0) }
            changes = outputs[.changeIntelligence].flatMap { try? ChangeIntelligenceOutput(jsonPayload: $0) }
            risk = outputs[.riskBlastRadius].flatMap { try? RiskBlastRadiusOutput(jsonPayload: $0) }
            runbooks = outputs[.knowledgeRunbook].flatMap { try? KnowledgeRunbookOutput(jsonPayload: $0) }
        }
    }

    /// The analysis, a pure function of the incident and the upstream outputs.
    static func analyse(_ incident: IncidentFacts, _ upstream: Upstream) -> ResponseStrategyOutput {
        var evidence = EvidenceList()
        var recommendations: [Recommendation] = []
        var findings: [Finding] = []
        /// Re-cites upstream evidence ids of `references` in this document.
        func recite(_ ids: [String], from references: [EvidenceReference]) -> [String] {
            Text.unique(ids.compactMap { id in references.first { $0.id == id }.map { evidence.cite($0) } })
        }
        func adopt(_ recommendation: Recommendation, from references: [EvidenceReference], rationale prefix: String) {
            let cited = recite(recommendation.evidence, from: references)
            guard !cited.isEmpty, recommendations.count < 20 else { return }
            var adopted = recommendation
            adopted.id = "R\(recommendations.count + 1)"
            adopted.evidence = cited
            adopted.rationale = Text.clip("\(prefix) \(recommendation.rationale)", 4000)
            recommendations.append(adopted)
        }
        var rollbackCandidate: EntityID?
        if let changes = upstream.changes, let top = changes.suspectChanges.first, top.suspicion >= 0.6 {
            if top.kind == .deployment { rollbackCandidate = top.changeId }
            let ids = recite(changes.evidence.filter { $0.kind == .change && $0.ref == top.changeId.description }.map(\.id), from: changes.evidence)
            if !ids.isEmpty {
                findings.append(Finding(id: "F1", title: Text.clip("Most likely trigger: \(top.kind.rawValue) of \(top.service)\(top.version.map { " \($0)" } ?? "")", 300),
                                        detail: top.summary, confidence: top.suspicion, evidence: ids, services: [top.service]))
            }
            for recommendation in changes.recommendations ?? [] { adopt(recommendation, from: changes.evidence, rationale: "Change intelligence:") }
        }
        for recommendation in (upstream.runbooks?.recommendations ?? []).prefix(2) {
            adopt(recommendation, from: upstream.runbooks!.evidence, rationale: "Runbook:")
        }
        for recommendation in upstream.history?.recommendations ?? [] {
            adopt(recommendation, from: upstream.history!.evidence, rationale: "Historical pattern:")
        }
        for recommendation in upstream.risk?.recommendations ?? [] {
            adopt(recommendation, from: upstream.risk!.evidence, rationale: "Blast radius:")
        }
        let primary = upstream.signals?.primaryService ?? incident.service
        if recommendations.isEmpty {
            let signalIds = upstream.signals.map { recite($0.evidence.filter { $0.kind == .signal }.map(\.id), from: $0.evidence) } ?? []
            let cited = signalIds.isEmpty ? [evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)]
                : Array(signalIds.prefix(10))
            recommendations.append(Recommendation(id: "R1", action: Text.clip("Check the dashboards and recent logs of \(primary) before acting", 500),
                                                  rationale: "No agent found a suspect change, a matching runbook or a similar resolved incident; gather evidence first.",
                                                  evidence: cited, risk: .low, confidence: 0.4, services: [primary]))
        }
        let level = upstream.risk?.blastRadius.riskLevel
        let urgency: ResponseStrategyDetails.Urgency = if incident.severity.map({ $0 <= .sev2 }) == true || level == .high || level == .critical { .immediate }
            else if incident.severity == .sev3 || level == .medium { .soon }
            else { .monitor }
        if findings.isEmpty {
            findings.append(Finding(id: "F1", title: Text.clip("No single trigger identified for \(primary)", 300), confidence: 0.4,
                                    evidence: recommendations[0].evidence, services: [primary]))
        }
        let summary = "\(urgency.rawValue.prefix(1).uppercased() + urgency.rawValue.dropFirst()): \(recommendations[0].action)"
            + (recommendations.count > 1 ? " (then \(Text.count(recommendations.count - 1, "more action")))." : ".")
        let services = Text.unique([incident.service] + incident.otherServices + recommendations.flatMap { $0.services ?? [] })
        let confidence = recommendations.compactMap(\.confidence).max() ?? 0.4
        return ResponseStrategyOutput(summary: Text.clip(summary, 4000), confidence: Text.confidence(confidence), findings: findings,
                                      evidence: evidence.references, services: Array(services.prefix(50)),
                                      details: ResponseStrategyDetails(recommendations: recommendations,
                                                                       urgency: urgency, rollbackCandidate: rollbackCandidate))
    }
}

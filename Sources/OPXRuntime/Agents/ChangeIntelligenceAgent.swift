package import OPXEvents

/// The change-intelligence agent: ranks recent deployments and configuration changes of the incident's services
/// and their dependencies by how likely they caused it (kind, service, and how soon before the incident).
///
/// Tools: `incident.get`, `changes.recent`. Evidence: each change it ranks.
package struct ChangeIntelligenceAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `change-intelligence`.
    package var name: AgentName { .changeIntelligence }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Reads the incident and recent changes and writes a ``ChangeIntelligenceOutput``.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        let changes = try tools.recentChanges(for: incident, session: &session)
        return AgentResult(document: try Self.analyse(incident, changes).jsonPayload(), toolCalls: session.calls)
    }

    /// How likely `change` caused an incident opened at `openedAt`, from 0 to 0.95.
    ///
    /// Kind (deployment 0.45, configuration or feature flag 0.35, infrastructure 0.3, other 0.15), the incident's own
    /// service (+0.25) or a dependency (+0.1), and recency before opening (≤ 30 min +0.25, ≤ 2 h +0.15, ≤ 6 h +0.05).
    static func suspicion(of change: ChangeFacts, openedAt: Timestamp) -> Double {
        let kind: Double = switch change.change.kind {
        case .deployment: 0.45
        case .configuration, .featureFlag: 0.35
        case .infrastructure: 0.3
        case .rollback, .other: 0.15
        }
        let minutes = Double(openedAt.nanoseconds - change.change.at.nanoseconds) / 60e9
        let recency = minutes < 0 ? 0 : minutes <= 30 ? 0.25 : minutes <= 120 ? 0.15 : minutes <= 360 ? 0.05 : 0
        return Text.confidence(min(0.95, kind + (change.onIncidentService ? 0.25 : 0.1) + recency))
    }

    /// The analysis, a pure function of what the tools returned.
    static func analyse(_ incident: IncidentFacts, _ changes: [ChangeFacts]) -> ChangeIntelligenceOutput {
        var evidence = EvidenceList()
        let ranked = changes.map { ($0, suspicion(of: $0, openedAt: incident.openedAt)) }
            .sorted { ($1.1, $1.0.change.at, $0.0.change.changeId) < ($0.1, $0.0.change.at, $1.0.change.changeId) }
        var findings: [Finding] = []
        var recommendations: [Recommendation] = []
        let suspects = ranked.map { change, score -> ChangeIntelligenceDetails.SuspectChange in
            let c = change.change
            let minutes = Int((Double(incident.openedAt.nanoseconds - c.at.nanoseconds) / 60e9).rounded())
            let when = minutes >= 0 ? "\(minutes) min before the incident" : "\(-minutes) min after the incident opened"
            let what = "\(c.kind.rawValue) of \(c.service)\(c.version.map { " \($0)" } ?? "")"
            let id = evidence.cite(.change, c.changeId.description, summary: Text.clip("\(what), \(when)\(c.summary.map { ": \($0)" } ?? "")", 2000),
                                   observedAt: c.at)
            if findings.count < 5, score >= 0.5 {
                findings.append(Finding(id: "F\(findings.count + 1)", title: Text.clip("Suspect \(what) \(when)", 300),
                                        detail: Text.clip("\(c.summary ?? "No summary recorded.") Suspicion \(score): \(change.onIncidentService ? "the incident's own service" : "a dependency of it").", 4000),
                                        confidence: score, evidence: [id], services: [c.service]))
            }
            if recommendations.isEmpty, score >= 0.6 {
                recommendations.append(rollback(c, evidence: id, score: score))
            }
            return ChangeIntelligenceDetails.SuspectChange(changeId: c.changeId, service: c.service, kind: c.kind, at: c.at,
                                                           summary: c.summary.map { Text.clip($0, 1000) }, version: c.version, suspicion: score)
        }
        if findings.isEmpty {
            let id = evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)
            findings.append(Finding(id: "F1", title: Text.clip("No recent change looks responsible for \(incident.service)", 300),
                                    detail: "\(Text.count(changes.count, "change")) recorded in the window before the incident, none strongly suspect.",
                                    confidence: 0.5, evidence: [id], services: [incident.service]))
        }
        let summary = ranked.first.map { top, score in
            "\(Text.count(changes.count, "recent change")); most suspect: \(top.change.kind.rawValue) of \(top.change.service)\(top.change.version.map { " \($0)" } ?? "") (suspicion \(score))."
        } ?? "No deployments or configuration changes recorded before the incident."
        let services = Text.unique(incident.services + ranked.map(\.0.change.service))
        return ChangeIntelligenceOutput(summary: summary, confidence: Text.confidence(ranked.first.map { 0.2 + 0.7 * $0.1 } ?? 0.3),
                                        findings: findings, evidence: evidence.references, services: Array(services.prefix(50)),
                                        details: ChangeIntelligenceDetails(recommendations: recommendations.isEmpty ? nil : recommendations,
                                                                           suspectChanges: Array(suspects.prefix(20))))
    }

    private static func rollback(_ c: ChangeRecorded, evidence: String, score: Double) -> Recommendation {
        switch c.kind {
        case .deployment:
            let target = c.previousVersion.map { " to \($0)" } ?? " to the previous release"
            return Recommendation(id: "R1", action: Text.clip("Roll back \(c.service)\(target)", 500),
                                  rationale: "The deployment\(c.version.map { " of \($0)" } ?? "") is the most suspect recent change (suspicion \(score)); rolling back is the fastest way to confirm or rule it out.",
                                  evidence: [evidence], risk: .medium, confidence: score,
                                  commands: ["kubectl rollout undo deployment/\(c.service)"], services: [c.service])
        default:
            return Recommendation(id: "R1", action: Text.clip("Revert the \(c.kind.rawValue) change to \(c.service)", 500),
                                  rationale: Text.clip("The change \"\(c.summary ?? c.changeId.description)\" is the most suspect recent change (suspicion \(score)).", 4000),
                                  evidence: [evidence], risk: .low, confidence: score, services: [c.service])
        }
    }
}

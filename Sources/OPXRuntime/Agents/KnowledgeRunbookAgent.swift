package import OPXEvents

/// The knowledge / runbook agent: searches the runbooks folder (BM25) with the incident's title, service, alert
/// names and recent change kinds, and cites the best sections as `file#section`.
///
/// Tools: `incident.get`, `incident.signals`, `changes.recent`, `runbooks.search`. Evidence: each section it cites.
package struct KnowledgeRunbookAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `knowledge-runbook`.
    package var name: AgentName { .knowledgeRunbook }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Searches the runbooks for the incident and writes a ``KnowledgeRunbookOutput``.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        let signals = try tools.signals(of: incident, session: &session)
        let changes = try tools.recentChanges(for: incident, session: &session)
        let hits = try tools.searchRunbooks(Self.query(incident, signals, changes), session: &session)
        return AgentResult(document: try Self.analyse(incident, hits).jsonPayload(), toolCalls: session.calls)
    }

    /// The search query: the title (twice: it names the main symptom), service, alert names split into words
    /// (`HighErrorRate` → `high error rate`), and the kinds of recent changes (`deployment` adds `deploy rollback`).
    static func query(_ incident: IncidentFacts, _ signals: [SignalFacts], _ changes: [ChangeFacts]) -> String {
        var parts = [incident.title, incident.title, incident.service] + Text.unique(signals.map(\.name)).map(splitCamelCase)
        if changes.contains(where: { $0.change.kind == .deployment }) { parts.append("deploy rollback") }
        if changes.contains(where: { $0.change.kind == .configuration }) { parts.append("configuration change") }
        return parts.joined(separator: " ")
    }

    private static func splitCamelCase(_ name: String) -> String {
        var out = ""
        var previousLower = false
        for character in name {
            if character.isUppercase, previousLower { out.append(" ") }
            out.append(character)
            previousLower = character.isLowercase || character.isNumber
        }
        return out
    }

    /// The analysis, a pure function of what the tools returned.
    static func analyse(_ incident: IncidentFacts, _ hits: [RunbookIndex.Hit]) -> KnowledgeRunbookOutput {
        var evidence = EvidenceList()
        let top = hits.first?.score ?? 1
        let cited = hits.prefix(5)
        let sections = cited.map { hit in
            KnowledgeRunbookDetails.RunbookSection(file: hit.section.file, section: Text.clip(hit.section.heading, 300),
                                                   citation: Text.clip(hit.section.citation, 512), score: hit.score,
                                                   excerpt: hit.excerpt.isEmpty ? nil : Text.clip(hit.excerpt, 2000))
        }
        var findings: [Finding] = []
        var recommendations: [Recommendation] = []
        for hit in cited {
            let id = evidence.cite(.runbook, hit.section.file, citation: Text.clip(hit.section.citation, 512),
                                   summary: Text.clip(hit.excerpt.isEmpty ? hit.section.heading : "\(hit.section.heading): \(hit.excerpt)", 2000))
            let relevance = Text.confidence(0.3 + 0.6 * hit.score / top)
            if findings.count < 3 {
                findings.append(Finding(id: "F\(findings.count + 1)", title: Text.clip("Runbook \(hit.section.citation) applies", 300),
                                        detail: hit.excerpt.isEmpty ? nil : Text.clip(hit.excerpt, 4000), confidence: relevance, evidence: [id]))
            }
            let commands = Self.commands(in: hit.section.body)
            if recommendations.count < 3, !commands.isEmpty || recommendations.isEmpty {
                recommendations.append(Recommendation(id: "R\(recommendations.count + 1)",
                                                      action: Text.clip("Follow \(hit.section.heading) (\(hit.section.citation))", 500),
                                                      rationale: Text.clip("The runbook section matches the incident (BM25 score \(hit.score)).", 4000),
                                                      evidence: [id], risk: commands.isEmpty ? .low : .medium, confidence: relevance,
                                                      commands: commands.isEmpty ? nil : commands, services: [incident.service]))
            }
        }
        if findings.isEmpty {
            let id = evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)
            findings.append(Finding(id: "F1", title: "No runbook matches this incident",
                                    detail: "Write one after the incident, or set the `runbooks` config section to the team's folder.",
                                    confidence: 0.6, evidence: [id], services: [incident.service]))
        }
        let summary = cited.isEmpty ? "No runbook section matches the incident."
            : "\(Text.count(cited.count, "runbook section")) match; best: \(cited[cited.startIndex].section.citation)."
        return KnowledgeRunbookOutput(summary: Text.clip(summary, 4000), confidence: cited.isEmpty ? 0.1 : 0.7, findings: findings,
                                      evidence: evidence.references, services: Text.unique([incident.service] + incident.otherServices),
                                      details: KnowledgeRunbookDetails(recommendations: recommendations.isEmpty ? nil : recommendations,
                                                                       runbookSections: Array(sections)))
    }

    /// Inline code spans of a section that look like commands (contain a space), at most 5.
    static func commands(in body: String) -> [String] {
        body.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.contains(" ") && !$0.element.contains("\n") }
            .map { Text.clip(String($0.element), 1000) }.prefix(5).map { $0 }
    }
}

package import OPXEvents

/// The consensus step: a deterministic, order-independent function of the recorded agent outputs.
///
/// - Evidence carries over with ids namespaced by agent (`change-intelligence:E1`).
/// - Findings with the same title (case and spacing ignored) merge; their confidence is the mean.
/// - Recommendations with the same action merge; each scores the sum of its proposers' confidences. The highest
///   score (then most proposers, then action text) is the advisory recommendation; the next five are alternatives.
/// - Agents that proposed only other actions dissent; the other agents with an output support.
/// - Quorum: at least `quorum` agents with a validated output; otherwise there is no consensus (fail closed).
///
/// Every collection is sorted before use and sums run in agent-name order, so the same outputs in any order give
/// the same document, byte for byte.
package enum Consensus {
    /// Why there is no consensus.
    package struct NoConsensus: Error, Hashable, Sendable {
        /// The reason recorded in `investigation.failed`.
        package var reason: InvestigationFailed.Reason
        /// Details for people.
        package var message: String
    }

    /// The consensus of `outputs` (validated documents by agent), given the agents that `failed`.
    package static func decide(outputs: [AgentName: JSONValue], failed: [AgentName], quorum: Int) -> Result<ConsensusOutput, NoConsensus> {
        let agents = outputs.keys.sorted()
        guard agents.count >= quorum else {
            return .failure(NoConsensus(reason: .noQuorum,
                                        message: "\(agents.count) of \(agents.count + failed.count) agents produced a validated output; consensus needs \(quorum)"))
        }
        var evidence: [EvidenceReference] = []
        var findings: [String: MergedFinding] = [:]
        var recommendations: [String: MergedRecommendation] = [:]
        var services: Set<String> = []
        var confidenceSum = 0.0
        for agent in agents {
            guard let document = outputs[agent], let output = GenericOutput(document) else { continue }
            confidenceSum += output.confidence
            services.formUnion(output.services)
            evidence += output.evidence.map { namespaced($0, agent) }
            for finding in output.findings {
                findings[normalized(finding.title), default: MergedFinding()].add(finding, agent: agent)
            }
            for recommendation in output.recommendations ?? [] {
                recommendations[normalized(recommendation.action), default: MergedRecommendation()]
                    .add(recommendation, agent: agent, agentConfidence: output.confidence)
            }
        }
        let ranked = MergedRecommendation.ranked(recommendations.values)
        guard let chosen = ranked.first else {
            return .failure(NoConsensus(reason: .error, message: "no agent recommended an action, so there is nothing to advise"))
        }
        let dissenting = agents.filter { agent in
            recommendations.values.contains { $0.agents.contains(agent) } && !chosen.agents.contains(agent)
        }
        let mergedFindings = MergedFinding.ranked(findings.values).prefix(100).enumerated().map { $1.output(id: "F\($0 + 1)") }
        let recommendation = chosen.output(id: "R1")
        let summary = "Advisory: \(recommendation.action) — supported by \(agents.count - dissenting.count) of "
            + "\(agents.count + failed.count) agents" + (failed.isEmpty ? "." : "; \(failed.count) failed (\(failed.sorted().map(\.rawValue).joined(separator: ", "))).")
        return .success(ConsensusOutput(
            summary: String(summary.prefix(4000)),
            confidence: rounded(confidenceSum / Double(agents.count + failed.count)),
            recommendation: recommendation,
            alternatives: ranked.count > 1 ? ranked.dropFirst().prefix(5).enumerated().map { $1.output(id: "R\($0 + 2)") } : nil,
            findings: Array(mergedFindings),
            evidence: Array(evidence.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.prefix(100)),
            services: Array(services.sorted().prefix(50)),
            agreement: .init(supporting: agents.filter { !dissenting.contains($0) }, dissenting: dissenting, failed: failed.sorted()),
            quorum: .init(required: quorum, present: agents.count, met: true),
            degraded: !failed.isEmpty))
    }

    /// An evidence id namespaced by its agent, kept within the schema's 64 characters.
    static func namespacedID(_ id: String, _ agent: AgentName) -> String {
        let full = "\(agent.rawValue):\(id)"
        return full.utf8.count <= 64 ? full : "E" + Digest.hex(Array(full.utf8)).prefix(20)
    }

    private static func namespaced(_ evidence: EvidenceReference, _ agent: AgentName) -> EvidenceReference {
        var evidence = evidence
        evidence.id = namespacedID(evidence.id, agent)
        return evidence
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    static func rounded(_ value: Double) -> Double { (min(max(value, 0), 1) * 10_000).rounded() / 10_000 }
}

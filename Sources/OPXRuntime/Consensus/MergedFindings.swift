import OPXEvents

/// Findings of several agents with the same title.
struct MergedFinding {
    var titles: [AgentName: String] = [:]
    var details: [AgentName: String] = [:]
    var confidences: [AgentName: Double] = [:]
    var evidence: Set<String> = []
    var services: Set<String> = []

    /// The wording of the first agent by name.
    var title: String { titles[agents[0]]! }
    var detail: String? { agents.lazy.compactMap { details[$0] }.first }

    var agents: [AgentName] { confidences.keys.sorted() }
    var confidence: Double { Consensus.rounded(agents.reduce(0) { $0 + confidences[$1]! } / Double(max(1, confidences.count))) }

    mutating func add(_ finding: Finding, agent: AgentName) {
        if let existing = confidences[agent], existing >= finding.confidence {
            evidence.formUnion(finding.evidence.map { Consensus.namespacedID($0, agent) })
            services.formUnion(finding.services ?? [])
            return
        }
        confidences[agent] = finding.confidence
        titles[agent] = finding.title
        details[agent] = finding.detail
        evidence.formUnion(finding.evidence.map { Consensus.namespacedID($0, agent) })
        services.formUnion(finding.services ?? [])
    }

    /// `merged` best first: more agents, then higher confidence, then title (each key computed once per finding).
    static func ranked(_ merged: some Collection<MergedFinding>) -> [MergedFinding] {
        merged.map { (finding: $0, agents: $0.confidences.count, confidence: $0.confidence, title: $0.title) }
            .sorted { a, b in
                if a.agents != b.agents { return a.agents > b.agents }
                if a.confidence != b.confidence { return a.confidence > b.confidence }
                return a.title.utf8.lexicographicallyPrecedes(b.title.utf8)
            }
            .map(\.finding)
    }

    func output(id: String) -> ConsensusOutput.ConsensusFinding {
        ConsensusOutput.ConsensusFinding(id: id, title: title, detail: detail, confidence: confidence,
                                         evidence: Array(evidence.sorted().prefix(50)),
                                         services: services.isEmpty ? nil : Array(services.sorted().prefix(20)), agents: agents)
    }
}

/// Recommendations of several agents with the same action.
struct MergedRecommendation {
    /// The proposal of each agent (the most confident one when an agent repeats an action).
    var proposals: [AgentName: (recommendation: Recommendation, confidence: Double)] = [:]

    var agents: [AgentName] { proposals.keys.sorted() }
    var score: Double { agents.reduce(0) { $0 + proposals[$1]!.confidence } }
    /// The proposal whose wording is used: the most confident, then the first agent by name.
    var lead: Recommendation {
        agents.max { proposals[$0]!.confidence < proposals[$1]!.confidence || (proposals[$0]!.confidence == proposals[$1]!.confidence && $0 > $1) }
            .map { proposals[$0]!.recommendation }!
    }

    mutating func add(_ recommendation: Recommendation, agent: AgentName, agentConfidence: Double) {
        let confidence = recommendation.confidence ?? agentConfidence
        if let existing = proposals[agent], existing.confidence >= confidence { return }
        proposals[agent] = (recommendation, confidence)
    }

    /// `merged` best first: higher score, then more agents, then action text (each key computed once per action).
    static func ranked(_ merged: some Collection<MergedRecommendation>) -> [MergedRecommendation] {
        merged.map { (merged: $0, score: $0.score, agents: $0.proposals.count, action: Consensus.normalized($0.lead.action)) }
            .sorted { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.agents != b.agents { return a.agents > b.agents }
                return a.action.utf8.lexicographicallyPrecedes(b.action.utf8)
            }
            .map(\.merged)
    }

    func output(id: String) -> Recommendation {
        var evidence: Set<String> = [], services: Set<String> = []
        var risk = Recommendation.Risk.low
        for agent in agents {
            let proposal = proposals[agent]!.recommendation
            evidence.formUnion(proposal.evidence.map { Consensus.namespacedID($0, agent) })
            services.formUnion(proposal.services ?? [])
            if Self.order(proposal.risk) > Self.order(risk) { risk = proposal.risk }
        }
        let lead = self.lead
        return Recommendation(id: id, action: lead.action, rationale: lead.rationale, evidence: Array(evidence.sorted().prefix(50)),
                              risk: risk, confidence: Consensus.rounded(score / Double(max(1, agents.count))),
                              commands: lead.commands, services: services.isEmpty ? nil : Array(services.sorted().prefix(20)))
    }

    private static func order(_ risk: Recommendation.Risk) -> Int {
        switch risk { case .low: 0; case .medium: 1; case .high: 2 }
    }
}

/// The consensus step's document: the advisory recommendation agreed from the recorded agent outputs.
///
/// A deterministic, order-independent function of the recorded outputs. Findings and evidence carry over from the
/// agents (evidence ids are namespaced by the runtime, such as `change-intelligence:E1`). Recorded in
/// `consensus.reached`; a person reviews the recommendation (`recommendation.reviewed`).
package struct ConsensusOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The step, `consensus`.
    package static let agentName: AgentName = .consensus
    /// The schema version these fields follow (`Schemas/agents/consensus/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Always ``agentName``.
    package var agent: AgentName
    /// A summary for people.
    package var summary: String
    /// Overall confidence, from 0 to 1.
    package var confidence: Double
    /// The advisory recommendation.
    package var recommendation: Recommendation
    /// Other options considered (at most 5).
    package var alternatives: [Recommendation]?
    /// Findings merged across agents (at most 100).
    package var findings: [ConsensusFinding]
    /// The evidence cited (at most 100).
    package var evidence: [EvidenceReference]
    /// Every service the document names (unique).
    package var services: [String]
    /// Which agents support, dissent, or failed.
    package var agreement: Agreement
    /// How many agents were needed and present.
    package var quorum: Quorum
    /// Whether some agents failed.
    package var degraded: Bool

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, recommendation: Recommendation,
                 alternatives: [Recommendation]? = nil, findings: [ConsensusFinding], evidence: [EvidenceReference],
                 services: [String], agreement: Agreement, quorum: Quorum, degraded: Bool) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.recommendation = recommendation
        self.alternatives = alternatives
        self.findings = findings
        self.evidence = evidence
        self.services = services
        self.agreement = agreement
        self.quorum = quorum
        self.degraded = degraded
    }

    /// A finding merged across agents, naming the agents that made it.
    package struct ConsensusFinding: Sendable, Hashable, Codable {
        /// The finding's id within the document.
        package var id: String
        /// The claim, in one line.
        package var title: String
        /// The reasoning.
        package var detail: String?
        /// How sure, from 0 to 1.
        package var confidence: Double
        /// Ids of the evidence that backs it (at least one).
        package var evidence: [String]
        /// Services it is about.
        package var services: [String]?
        /// The agents that made it (at least one).
        package var agents: [AgentName]

        /// Creates a value; optional fields default to absent.
        package init(id: String, title: String, detail: String? = nil, confidence: Double, evidence: [String],
                     services: [String]? = nil, agents: [AgentName]) {
            self.id = id
            self.title = title
            self.detail = detail
            self.confidence = confidence
            self.evidence = evidence
            self.services = services
            self.agents = agents
        }
    }

    /// Which agents support the recommendation, dissent from it, or failed.
    package struct Agreement: Sendable, Hashable, Codable {
        /// Agents whose outputs support it.
        package var supporting: [AgentName]
        /// Agents whose outputs point elsewhere.
        package var dissenting: [AgentName]
        /// Agents with no validated output.
        package var failed: [AgentName]

        /// Creates a value.
        package init(supporting: [AgentName], dissenting: [AgentName], failed: [AgentName]) {
            self.supporting = supporting
            self.dissenting = dissenting
            self.failed = failed
        }
    }

    /// How many agents consensus needs and how many it had.
    package struct Quorum: Sendable, Hashable, Codable {
        /// Agents needed (1–64).
        package var required: Int
        /// Agents with a validated output (0–64).
        package var present: Int
        /// Whether `present >= required`.
        package var met: Bool

        /// Creates a value.
        package init(required: Int, present: Int, met: Bool) {
            self.required = required
            self.present = present
            self.met = met
        }
    }
}

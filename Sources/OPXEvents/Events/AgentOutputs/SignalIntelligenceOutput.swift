/// The signal-intelligence agent's output: what the incident's signals say.
package struct SignalIntelligenceOutput: AgentOutputDocument, Sendable, Hashable, Codable {
    /// The agent, `signal-intelligence`.
    package static let agentName: AgentName = .signalIntelligence
    /// The schema version these fields follow (`Schemas/agents/signal-intelligence/v1.schema.json`).
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
    /// The service the signals point at most.
    package var primaryService: String?
    /// Signals grouped by service and fingerprint (at most 50).
    package var signalGroups: [SignalGroup]

    /// Creates the document; optional fields default to absent.
    package init(summary: String, confidence: Double, findings: [Finding], evidence: [EvidenceReference],
                 services: [String], recommendations: [Recommendation]? = nil, primaryService: String? = nil,
                 signalGroups: [SignalGroup]) {
        self.agent = Self.agentName
        self.summary = summary
        self.confidence = confidence
        self.findings = findings
        self.evidence = evidence
        self.services = services
        self.recommendations = recommendations
        self.primaryService = primaryService
        self.signalGroups = signalGroups
    }

    /// Signals of one service and fingerprint.
    package struct SignalGroup: Sendable, Hashable, Codable {
        /// The service.
        package var service: String
        /// The fingerprint.
        package var fingerprint: String?
        /// The alert name.
        package var name: String
        /// How many signals.
        package var count: Int
        /// The severity the signals map to.
        package var severity: Severity?
        /// The first signal's start.
        package var firstSeen: Timestamp
        /// The last signal's start.
        package var lastSeen: Timestamp

        /// Creates a value; optional fields default to absent.
        package init(service: String, fingerprint: String? = nil, name: String, count: Int, severity: Severity? = nil,
                     firstSeen: Timestamp, lastSeen: Timestamp) {
            self.service = service
            self.fingerprint = fingerprint
            self.name = name
            self.count = count
            self.severity = severity
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
        }
    }
}

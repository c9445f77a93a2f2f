/// The signal-intelligence agent's output: what the incident's signals say.
package typealias SignalIntelligenceOutput = AgentReport<SignalIntelligenceDetails>

/// The fields of the signal-intelligence agent's output besides ``AgentReportBasics``.
package struct SignalIntelligenceDetails: AgentReportDetails {
    /// The agent, `signal-intelligence`.
    package static let agentName: AgentName = .signalIntelligence
    /// The schema version these fields follow (`Schemas/agents/signal-intelligence/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Recommended actions (at most 20).
    package var recommendations: [Recommendation]?
    /// The service the signals point at most.
    package var primaryService: String?
    /// Signals grouped by service and fingerprint (at most 50).
    package var signalGroups: [SignalGroup]

    /// Creates the fields; optional ones default to absent.
    package init(recommendations: [Recommendation]? = nil, primaryService: String? = nil, signalGroups: [SignalGroup]) {
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

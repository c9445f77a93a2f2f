/// A guardrail found personal data, a secret, or forbidden content.
///
/// It names the kind, what was done, and the JSON Pointers of the fields; **never the value**, not even a hash of it.
package struct GuardrailViolated: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `guardrail.violation`.
    package static let eventType = EventType(unchecked: "guardrail.violation")
    /// The schema version these fields follow (`Schemas/events/guardrail.violation/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation, when it happened in one.
    package var investigationId: EntityID?
    /// The agent.
    package var agent: AgentName?
    /// The graph step.
    package var step: String?
    /// The attempt.
    package var attempt: Int?
    /// What was found.
    package var kind: Kind
    /// What was done.
    package var action: Action
    /// Where it was found.
    package var location: Location
    /// JSON Pointers of the affected fields (1–100).
    package var fields: [String]
    /// How many occurrences.
    package var count: Int?
    /// The rule's name, for custom rules.
    package var rule: String?

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID? = nil, agent: AgentName? = nil, step: String? = nil, attempt: Int? = nil,
                 kind: Kind, action: Action, location: Location, fields: [String], count: Int? = nil,
                 rule: String? = nil) {
        self.investigationId = investigationId
        self.agent = agent
        self.step = step
        self.attempt = attempt
        self.kind = kind
        self.action = action
        self.location = location
        self.fields = fields
        self.count = count
        self.rule = rule
    }

    /// What a guardrail found.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An email address.
        case email
        /// A phone number.
        case phone
        /// A payment card number (Luhn-checked).
        case cardNumber = "card-number"
        /// An IP address.
        case ipAddress = "ip-address"
        /// A cloud access key.
        case cloudAccessKey = "cloud-access-key"
        /// A private key.
        case privateKey = "private-key"
        /// A bearer token.
        case bearerToken = "bearer-token"
        /// A JSON Web Token.
        case jwt
        /// A password inside a URL.
        case passwordInURL = "password-in-url"
        /// A destructive command in a recommendation.
        case destructiveCommand = "destructive-command"
        /// A custom content rule.
        case custom
    }

    /// What a guardrail did.
    package enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// The output was not recorded; the attempt counts as failed.
        case blocked
        /// The values were replaced before recording.
        case redacted
        /// Recorded as is, with this warning.
        case warned
    }

    /// Where a guardrail looked.
    package enum Location: String, Sendable, Hashable, Codable, CaseIterable {
        /// An agent output document.
        case agentOutput = "agent-output"
        /// A prompt sent to a model.
        case prompt
        /// A model response.
        case response
        /// A recommendation.
        case recommendation
        /// A trace span.
        case trace
        /// An ingested signal.
        case signal
    }
}

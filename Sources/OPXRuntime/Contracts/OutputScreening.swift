package import OPXEvents

/// Screens an agent's output for personal data, secrets and forbidden content before it is recorded.
///
/// The engine calls it on every output (and on anything recorded from prompts or responses); a blocked output is
/// never appended and the attempt counts as failed; a redacted one is appended with the values replaced.
package protocol OutputScreening: Sendable {
    /// Screens `document`, produced by `agent` at `step`.
    func screen(_ document: JSONValue, agent: AgentName, step: String) -> ScreenedOutput
}

/// The result of screening one document.
package struct ScreenedOutput: Sendable, Hashable {
    /// The document to record: the input, with values replaced where a rule redacts.
    package var document: JSONValue
    /// One entry per rule that matched; never the matched value. The engine fills in investigation and attempt.
    package var violations: [GuardrailViolated]
    /// Whether a blocking rule matched: the document must not be recorded.
    package var blocked: Bool

    /// Creates a screening result.
    package init(document: JSONValue, violations: [GuardrailViolated], blocked: Bool) {
        self.document = document
        self.violations = violations
        self.blocked = blocked
    }
}

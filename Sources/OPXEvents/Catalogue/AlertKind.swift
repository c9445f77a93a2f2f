/// What an operational alert (`alert.raised`, `alert.suppressed`) is about.
package enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A budget crossed 80 % or 95 %.
    case budgetThreshold = "budget-threshold"
    /// An investigation cost more than 3× the trailing median.
    case costSpike = "cost-spike"
    /// An investigation failed.
    case investigationFailed = "investigation-failed"
    /// An agent failed every attempt.
    case agentFailed = "agent-failed"
    /// A guardrail blocked an output.
    case guardrail
    /// Anything else.
    case custom
}

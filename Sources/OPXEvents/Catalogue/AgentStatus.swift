/// The status of one agent within an investigation.
///
/// Projections derive it: `agent.invoked` → ``running``; `agent.output-recorded` → ``succeeded``; `agent.failed`
/// with `willRetry: false` → ``failed``. `investigation.resumed` records a snapshot of these.
package enum AgentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not started.
    case pending
    /// An attempt is running.
    case running
    /// A validated output is recorded.
    case succeeded
    /// Every attempt failed.
    case failed
    /// Not run (dropped from the graph, or its inputs failed).
    case skipped
}

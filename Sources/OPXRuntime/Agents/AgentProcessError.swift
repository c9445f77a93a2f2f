/// An external agent crashed or answered something unusable: it exited non-zero, its endpoint failed, or its
/// answer was not the expected JSON. Recorded as a failed attempt with reason `crashed`.
package struct AgentProcessError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What happened, for the `agent.failed` message.
    package let description: String

    /// Creates an error.
    package init(_ description: String) { self.description = description }
}

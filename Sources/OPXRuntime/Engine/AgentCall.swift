import OPXEvents

/// One attempt of one graph step, its `agent.invoked` already durable: the agent, the input it was announced with,
/// and its time limit. ``perform(clock:)`` calls the agent off the run's actor.
struct AgentCall: Sendable {
    /// The graph node.
    let node: GraphConfiguration.Node
    /// Its agent.
    let agent: any InvestigationAgent
    /// The input whose digest `agent.invoked` records.
    let input: AgentInput
    /// The time limit of the call.
    let timeoutMs: Int

    /// A finished call: what the agent answered (or why it did not), and when it ran.
    struct Finished: Sendable {
        /// The call.
        let call: AgentCall
        /// The agent's result or error.
        let result: Result<AgentResult, any Error>
        /// When the call began.
        let start: Timestamp
    }

    /// Calls the agent within the time limit; never throws (a failure is the result).
    func perform(clock: @Sendable () -> Timestamp) async -> Finished {
        let start = clock()
        let result: Result<AgentResult, any Error>
        do {
            result = .success(try await withTimeout(milliseconds: timeoutMs) { try await agent.run(input) })
        } catch {
            result = .failure(error)
        }
        return Finished(call: self, result: result, start: start)
    }
}

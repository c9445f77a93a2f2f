package import OPXEvents

/// One agent of the investigation graph: built-in (deterministic, in process), a subprocess, or an HTTP endpoint.
///
/// The engine records `agent.invoked` (with the digest of ``AgentInput/canonicalJSON``) before calling ``run(_:)``
/// and the validated output after it; an agent never appends to the log itself.
///
/// ```swift
/// let result = try await agent.run(input)
/// ```
package protocol InvestigationAgent: Sendable {
    /// The agent's name, such as `signal-intelligence`; also the name of its output schema in `Schemas/agents/`.
    var name: AgentName { get }
    /// How the agent runs, recorded in `agent.invoked`.
    var runner: AgentInvoked.Runner { get }
    /// Produces the agent's output document for one attempt.
    ///
    /// Throwing counts as a failed attempt (the engine records why); the engine enforces the time limit.
    func run(_ input: AgentInput) async throws -> AgentResult
}

/// What an agent is given for one attempt. Deterministic: the same log gives the same input and digest.
package struct AgentInput: Sendable, Hashable {
    /// The investigation.
    package var investigationId: EntityID
    /// The incident under investigation.
    package var incidentId: EntityID
    /// The graph step.
    package var step: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// Validated outputs of the steps this one depends on (response strategy sees the analysis agents'), by agent.
    package var upstreamOutputs: [AgentName: JSONValue]
    /// Why the previous attempt was rejected (validation messages), so an agent can correct itself; empty on attempt 1.
    package var previousErrors: [String]

    /// Creates an input.
    package init(investigationId: EntityID, incidentId: EntityID, step: String, attempt: Int,
                 upstreamOutputs: [AgentName: JSONValue] = [:], previousErrors: [String] = []) {
        self.investigationId = investigationId
        self.incidentId = incidentId
        self.step = step
        self.attempt = attempt
        self.upstreamOutputs = upstreamOutputs
        self.previousErrors = previousErrors
    }
}

/// What one attempt of an agent produced.
package struct AgentResult: Sendable, Hashable {
    /// The output document, validated by the engine against the agent's schema.
    package var document: JSONValue
    /// Model usage, for LLM-backed agents; becomes `usage.recorded` with a cost from the price table.
    package var usage: AgentUsage?
    /// The read-only tool calls the agent made, for trace spans.
    package var toolCalls: [ToolCall]

    /// Creates a result.
    package init(document: JSONValue, usage: AgentUsage? = nil, toolCalls: [ToolCall] = []) {
        self.document = document
        self.usage = usage
        self.toolCalls = toolCalls
    }
}

/// Tokens reported by an LLM-backed agent.
package struct AgentUsage: Sendable, Hashable {
    /// The model, such as `gpt-4o-mini`; the price table is keyed by it.
    package var model: String
    /// The provider, such as `openai`.
    package var provider: String?
    /// Input (prompt) tokens.
    package var inputTokens: Int
    /// Output (completion) tokens.
    package var outputTokens: Int

    /// Creates a usage report.
    package init(model: String, provider: String? = nil, inputTokens: Int, outputTokens: Int) {
        self.model = model
        self.provider = provider
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// One read-only tool call made by an agent (a span in the investigation's trace).
package struct ToolCall: Sendable, Hashable {
    /// The tool, such as `runbooks.search`.
    package var name: String
    /// How many items it returned (at most 20).
    package var itemCount: Int
    /// How long it took, in nanoseconds (trace only; never part of a digest).
    package var durationNanoseconds: UInt64

    /// Creates a record of a tool call.
    package init(name: String, itemCount: Int, durationNanoseconds: UInt64) {
        self.name = name
        self.itemCount = itemCount
        self.durationNanoseconds = durationNanoseconds
    }
}

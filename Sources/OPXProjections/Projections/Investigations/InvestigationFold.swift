package import OPXEvents

/// How an investigation's own events change its ``InvestigationSummary``: the reducer shared by
/// the investigations projection, the checkpoints projection and time travel.
package enum InvestigationFold {
    /// The event types that change an investigation's state.
    package static let eventTypes = [
        "investigation.started", "agent.invoked", "agent.output-recorded", "agent.failed", "validation.recorded",
        "guardrail.violation", "usage.recorded", "consensus.reached", "recommendation.reviewed",
        "investigation.completed", "investigation.failed", "investigation.resumed", "budget.threshold-crossed",
    ]

    /// The event types the fold reads, told apart once per event.
    ///
    /// A `switch` over a type's string compares it with each case in turn (a call and a `memcmp` each): the fold, the
    /// step it completes and the investigations projection switched three times per event, about 5 % of the fold.
    package enum Kind: Sendable, Hashable {
        case started, invoked, outputRecorded, agentFailed, validation, guardrailViolation, usage, consensus, reviewed
        case completed, failed, resumed, budgetCrossed

        /// The kind of `type`, or `nil` when the fold does not read it. The cases are tried in the order of how
        /// often they occur in an investigation (three validations per attempt, then the attempt's events).
        package init?(_ type: EventType) {
            switch type.rawValue {
            case "validation.recorded": self = .validation
            case "agent.invoked": self = .invoked
            case "usage.recorded": self = .usage
            case "agent.output-recorded": self = .outputRecorded
            case "agent.failed": self = .agentFailed
            case "investigation.started": self = .started
            case "consensus.reached": self = .consensus
            case "investigation.completed": self = .completed
            case "guardrail.violation": self = .guardrailViolation
            case "investigation.failed": self = .failed
            case "investigation.resumed": self = .resumed
            case "recommendation.reviewed": self = .reviewed
            case "budget.threshold-crossed": self = .budgetCrossed
            default: return nil
            }
        }
    }

    /// The investigation an event belongs to: the id of its `investigation-<id>` stream.
    package static func investigationID(_ event: ProjectionEvent) -> String? {
        event.streamKey(ifCategory: "investigation")
    }

    /// A completed graph step: what a checkpoint records.
    package struct Step: Sendable, Hashable {
        /// `started`, `agent-succeeded`, `agent-failed`, `consensus`, `reviewed`, `completed`, `failed`.
        package let kind: String
        /// The step's name (the graph step of an agent, else the kind).
        package let step: String
        /// The agent, for agent steps.
        package let agent: String?
    }

    /// The event types that can complete a graph step (what ``completedStep(_:agent:stepName:agentStep:)`` reads).
    package static let stepEventTypes = [
        "investigation.started", "agent.invoked", "agent.output-recorded", "agent.failed", "consensus.reached",
        "recommendation.reviewed", "investigation.completed", "investigation.failed",
    ]

    /// The graph step `event` (of kind `kind`) completes, if it completes one. `agent` and `stepName` are the payload's
    /// `agent` and `step` members (`nil` when absent), read once by the caller, which needs them too. `agentStep` gives
    /// the step name an agent had before the event (set by earlier events' `step`), `nil` when none; it is asked only
    /// for agent steps.
    package static func completedStep(_ event: ProjectionEvent, kind: Kind, agent: String?, stepName: String?,
                                      agentStep: (String) -> String?) -> Step? {
        let p = event.payload
        switch kind {
        case .started: return Step(kind: "started", step: "start", agent: nil)
        case .outputRecorded:
            guard let agent else { return nil }
            return Step(kind: "agent-succeeded", step: stepName ?? agentStep(agent) ?? agent, agent: agent)
        case .agentFailed:
            guard let agent, p.bool("willRetry") != true else { return nil }
            return Step(kind: "agent-failed", step: stepName ?? agentStep(agent) ?? agent, agent: agent)
        case .consensus: return Step(kind: "consensus", step: "consensus", agent: nil)
        case .reviewed:
            return p.string("decision") == nil ? nil : Step(kind: "reviewed", step: "review", agent: nil)
        case .completed: return Step(kind: "completed", step: "complete", agent: nil)
        case .failed: return Step(kind: "failed", step: "fail", agent: nil)
        case .invoked, .validation, .guardrailViolation, .usage, .resumed, .budgetCrossed: return nil
        }
    }

    /// What ``apply(_:to:agent:)`` read from an event besides changing the state: what the investigations projection
    /// keys its detail rows by (read once here, not again by the projection).
    package struct Applied: Sendable {
        /// The graph step the event completes, if it completes one.
        package var step: Step?
        /// The event's agent (its payload's `agent`), for the agent events the fold reads it from.
        package var agent: String?
        /// The validation result of a `validation.recorded`.
        package var validation: AgentState.ValidationResult?
    }

    /// Applies one of the investigation's events, of kind `kind` (``Kind/init(_:)`` of its type), to its summary and
    /// to its agents' states, which live apart from it (rows of their own: an event of one agent rewrites that agent's
    /// state, not all of them). `agent` changes one agent's state in place, creating it when new.
    /// - Returns: the graph step the event completes and the members the fold read to key rows by.
    @discardableResult
    package static func apply(_ event: ProjectionEvent, kind: Kind, to s: inout InvestigationSummary,
                              agent withAgent: (String, (inout AgentState) -> Void) throws -> Void) rethrows -> Applied {
        let p = event.payload
        var applied = Applied()
        var stepName: String?    // the payload's `step`, for the agent events that complete a step
        var agentStep: String?   // the step the event's agent had before it (for the step it completes)
        switch kind {
        case .started:
            s.incidentId = p.string("incidentId") ?? s.incidentId
            s.trigger = p.string("trigger")
            s.requestedBy = p.string("requestedBy")
            s.budgetUsd = p.double("budgetUsd")
            if let fork = p["forkedFrom"], let from = fork["investigationId"]?.string, let forkStep = fork["step"]?.string {
                s.forkedFrom = .init(investigationId: from, step: forkStep, position: fork["position"]?.int ?? 0)
            }
            for agent in p.strings("agents") { try withAgent(agent) { _ in } }
            s.status = "running"
            s.startedAt = s.startedAt ?? event.recordedAt
        case .invoked:
            guard let agent = p.string("agent") else { break }
            applied.agent = agent
            try withAgent(agent) { a in
                a.status = "running"
                a.step = p.string("step") ?? a.step
                a.attempts = max(a.attempts, p.int("attempt") ?? a.attempts + 1)
                a.startedAt = a.startedAt ?? event.recordedAt
                a.invokedAt = event.recordedAt
                a.finishedAt = nil
                a.runner = p.string("runner") ?? a.runner
                a.model = p.string("model") ?? a.model
            }
        case .outputRecorded:
            guard let agent = p.string("agent") else { break }
            applied.agent = agent
            stepName = p.string("step")
            try withAgent(agent) { a in
                agentStep = a.step
                a.status = "succeeded"
                a.step = stepName ?? a.step
                a.attempts = max(a.attempts, p.int("attempt") ?? 0)
                a.finishedAt = event.recordedAt
                a.failure = nil
                a.outputDigest = outputDigest(p)
                a.outputPosition = Int64(event.position.rawValue)
            }
        case .agentFailed:
            guard let agent = p.string("agent") else { break }
            applied.agent = agent
            stepName = p.string("step")
            let retry = p.bool("willRetry") ?? false
            try withAgent(agent) { a in
                agentStep = a.step
                a.status = retry ? "retrying" : "failed"
                a.step = stepName ?? a.step
                a.failure = .init(reason: p.string("reason") ?? "error", message: p.string("message"), attempt: p.int("attempt") ?? a.attempts)
                if !retry { a.finishedAt = event.recordedAt }
            }
        case .validation:
            guard let agent = p.string("agent"), let stage = p.string("stage") else { break }
            let passed = p.bool("passed") ?? false
            let result = AgentState.ValidationResult(attempt: p.int("attempt") ?? 0, stage: stage, passed: passed,
                                                     errors: Int64(p["errors"]?.elements.count ?? 0))
            applied.agent = agent
            applied.validation = result
            try withAgent(agent) { a in
                a.validations.add(passed ? "passed" : "failed")
                a.lastValidation = result
            }
            s.validations.add(passed ? "passed" : "failed")
        case .guardrailViolation:
            s.guardrailViolations.add(p.string("action") ?? "unknown")
            if let agent = p.string("agent") { try withAgent(agent) { $0.guardrailViolations += 1 } }
        case .usage:
            guard let input = p.int("inputTokens"), let output = p.int("outputTokens") else { break }
            let cost = p.double("costUsd") ?? 0
            s.usage.add(inputTokens: input, outputTokens: output, costUsd: cost)
            if let agent = p.string("agent") {
                let model = p.string("model")
                try withAgent(agent) { a in
                    a.usage.add(inputTokens: input, outputTokens: output, costUsd: cost)
                    a.model = model ?? a.model
                }
            }
        case .consensus:
            let output = p["output"]?.values(["confidence", "summary", "recommendation"]) ?? [nil, nil, nil]
            let recommendation = output[2]?.values(["action", "risk"]) ?? [nil, nil]
            s.consensus = .init(outputDigest: outputDigest(p), degraded: p.bool("degraded") ?? false,
                                confidence: output[0]?.double, summary: output[1]?.string,
                                action: recommendation[0]?.string, risk: recommendation[1]?.string,
                                position: Int64(event.position.rawValue), at: event.recordedAt)
        case .reviewed:
            guard let decision = p.string("decision") else { break }
            s.review = .init(decision: decision, reviewer: p.string("reviewer") ?? "unknown", note: p.string("note"), at: event.recordedAt)
        case .completed:
            s.status = p.string("status") == "degraded" ? "degraded" : "completed"
            s.failedAgents = p.strings("failedAgents")
            s.endedAt = event.recordedAt
            s.failure = nil
        case .failed:
            s.status = "failed"
            s.failure = .init(reason: p.string("reason") ?? "error", message: p.string("message"), step: p.string("step"))
            s.failedAgents = p.strings("failedAgents")
            s.endedAt = event.recordedAt
        case .resumed:
            s.resumes += 1
            s.status = "running"
            s.endedAt = nil
        case .budgetCrossed:
            guard let threshold = p.double("threshold") else { break }
            s.budget = .init(threshold: threshold, spentUsd: p.double("spentUsd") ?? 0, limitUsd: p.double("limitUsd") ?? 0,
                             at: event.recordedAt)
        }
        s.events += 1
        s.firstPosition = s.firstPosition ?? Int64(event.position.rawValue)
        s.lastPosition = Int64(event.position.rawValue)
        s.revision = Int64(event.revision)
        s.updatedAt = event.recordedAt
        applied.step = completedStep(event, kind: kind, agent: applied.agent, stepName: stepName) { _ in agentStep }
        if applied.step != nil { s.steps += 1 }
        return applied
    }

    /// The output digest an event states, or SHA-256 of its `output` bytes.
    static func outputDigest(_ p: Payload) -> String {
        if let stated = p.string("outputDigest") { return stated }
        guard let output = p["output"] else { return "sha256:" + ProjectionDigest.sha256Hex([]) }
        return "sha256:" + output.buffer.withUnsafeBytes { ProjectionDigest.sha256Hex(UnsafeRawBufferPointer(rebasing: $0[output.range])) }
    }
}

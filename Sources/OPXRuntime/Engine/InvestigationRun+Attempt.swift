import OPXEvents
import OPXStorage

extension InvestigationRun {
    /// Stages what a finished attempt produced: its usage (appended at once when a spending watch reads it), the
    /// guardrail, validation and output or failure events, and its trace spans.
    func conclude(_ finished: AgentCall.Finished) async throws {
        CrashPoint.hit("investigation.after-agent-call")
        let node = finished.call.node, attempt = finished.call.input.attempt, step = node.name.rawValue
        let maxAttempts = engine.configuration.graph.maxAttempts
        var batch: [EngineEvent] = []
        let outcome: AttemptOutcome
        switch finished.result {
        case .success(let produced):
            if let usage = produced.usage { try await recordUsage(usage, agent: node.name, step: step, attempt: attempt) }
            outcome = check(produced, node: node, input: finished.call.input, into: &batch)
        case .failure(let error):
            let reason: AgentFailed.Reason = error is AttemptTimedOut ? .timeout : (error is AgentProcessError ? .crashed : .error)
            outcome = .failed(reason, String(describing: error))
        }
        let produced = try? finished.result.get()
        var failure: String?
        if case .failed(let reason, let message) = outcome {
            batch.append(.agentFailed(AgentFailed(investigationId: id, agent: node.name, step: step, attempt: attempt, reason: reason,
                                                  message: String(message.prefix(2000)), willRetry: attempt < maxAttempts)))
            failure = reason.rawValue
        }
        batch += spans.attempt(agent: node.name, runner: finished.call.agent.runner, step: step, attempt: attempt,
                               start: finished.start, end: engine.clock(), usage: produced?.usage,
                               toolCalls: produced?.toolCalls ?? [], failure: failure).map(EngineEvent.span)
        CrashPoint.hit("investigation.before-validation-record")
        stage(batch)
    }

    enum AttemptOutcome {
        case passed
        case failed(AgentFailed.Reason, String)
    }

    /// Screens, then validates, an output; appends the violation, validation and output events to `batch`.
    private func check(_ produced: AgentResult, node: GraphConfiguration.Node, input: AgentInput,
                       into batch: inout [EngineEvent]) -> AttemptOutcome {
        let step = node.name.rawValue, attempt = input.attempt
        var document = produced.document
        var redacted = false
        if let screening = engine.screening {
            let screened = screening.screen(document, agent: node.name, step: step)
            for var violation in screened.violations {
                violation.investigationId = id
                violation.agent = node.name
                violation.step = step
                violation.attempt = attempt
                if let event = try? ProposedEvent(violation, source: InvestigationEngine.source) { batch.append(.other(event)) }
            }
            if screened.blocked { return .failed(.guardrailBlocked, "guardrails blocked the output (\(screened.violations.map(\.kind.rawValue).joined(separator: ", ")))") }
            redacted = screened.document != document
            document = screened.document
        }
        let results = validator.validate(document, node: node, upstream: input.upstreamOutputs)
        for result in results {
            batch.append(.validation(ValidationRecorded(investigationId: id, agent: node.name, step: step, attempt: attempt,
                                                        stage: result.stage, passed: result.passed, errors: result.issues,
                                                        schema: result.schema)))
        }
        guard results.count == 3, results.allSatisfy(\.passed), let object = document.objectValue else {
            let failed = results.first { !$0.passed }
            return .failed(.invalidOutput, "\(failed?.stage.rawValue ?? "schema") validation failed: "
                + (failed?.issues.prefix(3).map { "\($0.pointer) \($0.message)" }.joined(separator: "; ") ?? "not an object"))
        }
        let bytes = CanonicalJSONWriter.canonicalBytes(document)
        outputBytes[node.name] = bytes
        batch.append(.output(AgentOutputRecorded(investigationId: id, agent: node.name, step: step, attempt: attempt,
                                                 outputSchema: node.schemaID, output: object, outputDigest: Digest.of(bytes: bytes),
                                                 redacted: redacted ? true : nil)))
        return .passed
    }

    /// Records what an attempt's model calls cost (once per attempt, also when the attempt is re-run after a crash)
    /// and what the spending watch says about it. With a watch, they are appended at once (with whatever is staged),
    /// since the watch reads the spending so far from the log, and its alerts are announced only after that.
    private func recordUsage(_ usage: AgentUsage, agent: AgentName, step: String, attempt: Int) async throws {
        guard history.steps[step]?.usageAttempts.contains(attempt) != true else { return }
        let cost = engine.configuration.pricing.cost(model: usage.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
        let recorded = UsageRecorded(investigationId: id, agent: agent, step: step, attempt: attempt, model: usage.model,
                                     provider: usage.provider, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens,
                                     costUsd: cost)
        guard let spending = engine.spending else { return stage([.usage(recorded)]) }
        let caused = try await spending.events(after: recorded, investigationId: id, at: engine.clock())
        stage([.usage(recorded)] + caused.events.map(EngineEvent.other))
        try await flush()
        await spending.announce(caused.raised)
    }
}

extension EngineEvent {
    /// Whether the event ends an agent attempt (its validation or failure).
    var endsAttempt: Bool {
        switch self {
        case .validation, .agentFailed: true
        default: false
        }
    }
}

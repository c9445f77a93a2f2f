import OPXEventLog
import OPXEvents
import OPXStorage

/// One run of one investigation's graph: owns its history while it appends, so steps running concurrently see
/// each other's recorded outputs in the order the log holds them.
actor InvestigationRun {
    let engine: InvestigationEngine
    private(set) var history: InvestigationHistory
    let validator: OutputValidator
    let spans: InvestigationSpans
    let id: EntityID
    let incidentId: EntityID

    init(engine: InvestigationEngine, history: InvestigationHistory, knownServices: Set<String>) {
        self.engine = engine
        self.history = history
        validator = OutputValidator(knownServices: knownServices, registry: engine.registry)
        id = history.investigationId
        incidentId = history.started?.incidentId ?? history.investigationId
        spans = InvestigationSpans(investigationId: history.investigationId)
    }

    /// Appends `events` in one atomic batch and folds them into the history.
    func record(_ events: [EngineEvent]) async throws {
        guard !events.isEmpty else { return }
        let proposed = try events.map { try $0.proposed(source: InvestigationEngine.source) }
        _ = try await engine.log.append(to: .investigation(id), events: proposed)
        for event in events { history.apply(event, at: engine.clock()) }
    }

    /// Runs every pending step, layer by layer, then consensus.
    func run() async throws -> InvestigationOutcome {
        let graph = engine.configuration.graph
        for layer in graph.layers {
            let pending = layer.filter { history.steps[$0.name.rawValue]?.isDone != true }
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = pending.makeIterator()
                for _ in 0..<graph.concurrency {
                    guard let node = next.next() else { break }
                    group.addTask { try await self.runStep(node) }
                }
                while try await group.next() != nil {
                    if let node = next.next() { group.addTask { try await self.runStep(node) } }
                }
            }
        }
        try await finish()
        return InvestigationOutcome(history)
    }

    // MARK: - Steps

    private func runStep(_ node: GraphConfiguration.Node) async throws {
        let maxAttempts = engine.configuration.graph.maxAttempts
        while true {
            let step = history.steps[node.name.rawValue] ?? InvestigationHistory.Step()
            if step.isDone { return }
            let last = step.lastAttempt
            // An attempt invoked but never finished was interrupted by a crash: run it again with the same number.
            let attempt = last > 0 && step.failures[last] == nil ? last : last + 1
            guard attempt <= maxAttempts else { return }
            try await runAttempt(node, attempt: attempt, maxAttempts: maxAttempts)
        }
    }

    private func input(for node: GraphConfiguration.Node, attempt: Int) -> AgentInput {
        var upstream: [AgentName: JSONValue] = [:]
        for agent in node.after {
            if let output = history.steps[agent.rawValue]?.output { upstream[agent] = .object(output.output) }
        }
        return AgentInput(investigationId: id, incidentId: incidentId, step: node.name.rawValue, attempt: attempt,
                          upstreamOutputs: upstream,
                          previousErrors: history.previousErrors(step: node.name.rawValue, before: attempt))
    }

    private func runAttempt(_ node: GraphConfiguration.Node, attempt: Int, maxAttempts: Int) async throws {
        guard let agent = engine.agents[node.name] else {
            throw RuntimeError(.configuration, "graph agent \(node.name) has no implementation")
        }
        let input = input(for: node, attempt: attempt)
        let step = node.name.rawValue
        let timeout = node.timeoutMs ?? engine.configuration.graph.timeoutMs
        let start = engine.clock()
        try await record([.invoked(AgentInvoked(investigationId: id, agent: node.name, step: step, attempt: attempt,
                                                inputDigest: input.digest, runner: agent.runner, timeoutMs: timeout))])
        CrashPoint.hit("investigation.before-agent-call")
        let result: Result<AgentResult, any Error>
        do {
            result = .success(try await withTimeout(milliseconds: timeout) { try await agent.run(input) })
        } catch {
            result = .failure(error)
        }
        CrashPoint.hit("investigation.after-agent-call")
        var batch: [EngineEvent] = []
        let attemptOutcome: AttemptOutcome
        switch result {
        case .success(let produced):
            if let usage = produced.usage { try await recordUsage(usage, agent: node.name, step: step, attempt: attempt) }
            attemptOutcome = check(produced, node: node, input: input, attempt: attempt, into: &batch)
        case .failure(let error):
            let reason: AgentFailed.Reason = error is AttemptTimedOut ? .timeout : (error is AgentProcessError ? .crashed : .error)
            attemptOutcome = .failed(reason, String(describing: error))
        }
        let usage = (try? result.get())?.usage
        let tools = (try? result.get())?.toolCalls ?? []
        switch attemptOutcome {
        case .passed: break
        case .failed(let reason, let message):
            batch.append(.agentFailed(AgentFailed(investigationId: id, agent: node.name, step: step, attempt: attempt, reason: reason,
                                                  message: String(message.prefix(2000)), willRetry: attempt < maxAttempts)))
        }
        let failure: String? = if case .failed(let reason, _) = attemptOutcome { reason.rawValue } else { nil }
        batch += spans.attempt(agent: node.name, runner: agent.runner, step: step, attempt: attempt, start: start,
                               end: engine.clock(), usage: usage, toolCalls: tools, failure: failure).map(EngineEvent.span)
        CrashPoint.hit("investigation.before-validation-record")
        try await record(batch)
        CrashPoint.hit("investigation.after-validation-record")
    }

    private enum AttemptOutcome {
        case passed
        case failed(AgentFailed.Reason, String)
    }

    /// Screens, then validates, an output; appends the violation, validation and output events to `batch`.
    private func check(_ produced: AgentResult, node: GraphConfiguration.Node, input: AgentInput, attempt: Int,
                       into batch: inout [EngineEvent]) -> AttemptOutcome {
        let step = node.name.rawValue
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
        batch.append(.output(AgentOutputRecorded(investigationId: id, agent: node.name, step: step, attempt: attempt,
                                                 outputSchema: node.schemaID, output: object, outputDigest: Digest.of(document),
                                                 redacted: redacted ? true : nil)))
        return .passed
    }

    /// Records what an attempt's model calls cost (once per attempt, also when the attempt is re-run after a crash),
    /// then what the spending watch says about it.
    private func recordUsage(_ usage: AgentUsage, agent: AgentName, step: String, attempt: Int) async throws {
        guard history.steps[step]?.usageAttempts.contains(attempt) != true else { return }
        let cost = engine.configuration.pricing.cost(model: usage.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
        let recorded = UsageRecorded(investigationId: id, agent: agent, step: step, attempt: attempt, model: usage.model,
                                     provider: usage.provider, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens,
                                     costUsd: cost)
        var events: [EngineEvent] = [.usage(recorded)]
        if let spending = engine.spending {
            events += try await spending.events(after: recorded, investigationId: id, at: engine.clock()).map(EngineEvent.other)
        }
        try await record(events)
    }

    // MARK: - Consensus

    private func finish() async throws {
        let graph = engine.configuration.graph
        let outputs = history.outputs.filter { graph.agents.contains($0.key) }
        let failed = graph.agents.filter { outputs[$0] == nil }.sorted()
        CrashPoint.hit("investigation.before-consensus")
        let totals = history.totals
        let cost = "\(totals.costUsd)"
        let start = history.startedAt ?? engine.clock()
        let documents = outputs.mapValues { JSONValue.object($0.output) }
        switch Consensus.decide(outputs: documents, failed: failed, quorum: graph.quorum) {
        case .success(let consensus):
            let document = try consensus.jsonPayload()
            let reached = ConsensusReached(investigationId: id, incidentId: incidentId, outputSchema: ConsensusOutput.schemaID,
                                           output: document.objectValue ?? JSONObject(), outputDigest: Digest.of(document),
                                           inputDigest: Self.consensusInputDigest(documents), degraded: !failed.isEmpty)
            let status: InvestigationCompleted.Status = failed.isEmpty ? .completed : .degraded
            try await record([
                .consensus(reached),
                .completed(InvestigationCompleted(investigationId: id, incidentId: incidentId, status: status, failedAgents: failed,
                                                  inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.costUsd)),
                .span(spans.root(incidentId: incidentId, start: start, end: engine.clock(), status: status.rawValue, costUsd: cost, failed: false)),
            ])
        case .failure(let reason):
            try await record([
                .failed(InvestigationFailed(investigationId: id, incidentId: incidentId, reason: reason.reason, message: reason.message,
                                            step: "consensus", failedAgents: failed, inputTokens: totals.inputTokens,
                                            outputTokens: totals.outputTokens, costUsd: totals.costUsd)),
                .span(spans.root(incidentId: incidentId, start: start, end: engine.clock(), status: "failed", costUsd: cost, failed: true)),
            ])
        }
    }

    /// `sha256:` of the recorded outputs consensus used, keyed by agent.
    static func consensusInputDigest(_ documents: [AgentName: JSONValue]) -> String {
        var object = JSONObject()
        for (agent, document) in documents { object.set(agent.rawValue, document) }
        return Digest.of(.object(object))
    }
}

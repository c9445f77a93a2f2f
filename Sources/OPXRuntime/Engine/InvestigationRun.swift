import OPXEventLog
import OPXEvents
import OPXStorage

/// One run of one investigation's graph: owns its history while it records, so steps running concurrently see
/// each other's outputs in the order they were recorded.
///
/// What the run records is *staged* (folded into its history at once) and appended in as few atomic batches as
/// durability allows. Everything staged is appended before an agent is called, so its `agent.invoked` — and
/// every result the call's input was computed from — is durable before the call; the rest goes with the
/// consensus. A fresh run of the default graph needs three commits: `investigation.started` with the first
/// layer's invocations; that layer's results (validations, outputs, spans) with the next layer's invocations;
/// the last results with the consensus, the ending and the root span. Usage is appended as soon as it is known
/// when a spending watch reads budgets from the log.
///
/// A crash between an agent finishing and the batch holding its results loses only those results: resume finds
/// the attempt invoked but unfinished and calls the agent again under the same attempt number. A deterministic
/// agent gives the same output; an external agent's call may be repeated.
actor InvestigationRun {
    let engine: InvestigationEngine
    private(set) var history: InvestigationHistory
    let validator: OutputValidator
    let spans: InvestigationSpans
    let id: EntityID
    let incidentId: EntityID
    /// Recorded in the history, not yet appended.
    private var staged: [EngineEvent] = []
    /// The canonical bytes of the outputs this run validated, by agent: computed once for the output's digest, then
    /// spliced into the input digests of later steps and the consensus (outputs from before a resume are encoded when needed).
    var outputBytes: [AgentName: [UInt8]] = [:]
    /// Whether the first append creates the investigation's stream (it holds `investigation.started`).
    private var createsStream: Bool
    /// Told the investigation's id once `investigation.started` is durable.
    private let onStarted: @Sendable (EntityID) -> Void

    /// A run continuing `history`, or, with `started`, a new investigation whose `investigation.started` goes into
    /// the first batch.
    init(engine: InvestigationEngine, history: InvestigationHistory, knownServices: Set<String>,
         starting started: InvestigationStarted? = nil, onStarted: @escaping @Sendable (EntityID) -> Void = { _ in }) {
        var history = history
        if let started { history.apply(.started(started), at: engine.clock()) }
        self.engine = engine
        self.history = history
        staged = started.map { [.started($0)] } ?? []
        validator = OutputValidator(knownServices: knownServices, registry: engine.registry)
        id = history.investigationId
        incidentId = started?.incidentId ?? history.started?.incidentId ?? history.investigationId
        spans = InvestigationSpans(investigationId: history.investigationId)
        createsStream = started != nil
        self.onStarted = onStarted
    }

    /// Folds `events` into the history; they are appended by the next ``flush()``.
    func stage(_ events: [EngineEvent]) {
        let time = engine.clock()
        for event in events { history.apply(event, at: time) }
        staged += events
    }

    /// Appends everything staged in one atomic batch, once durable.
    func flush() async throws {
        guard !staged.isEmpty else { return }
        let batch = staged
        staged = []
        var random = BufferedRandom(count: 2 * batch.count)
        let proposed = try batch.map { try $0.proposed(source: InvestigationEngine.source, id: .random(using: &random)) }
        _ = try await engine.log.append(to: .investigation(id), expected: createsStream ? .noStream : .any, events: proposed)
        if createsStream {
            createsStream = false
            CrashPoint.hit("investigation.after-start")
            onStarted(id)
        }
        if batch.contains(where: \.endsAttempt) { CrashPoint.hit("investigation.after-validation-record") }
    }

    /// Runs every pending step, layer by layer, then consensus.
    func run() async throws -> InvestigationOutcome {
        for layer in engine.configuration.graph.layers { try await runLayer(layer) }
        try await finish()
        return InvestigationOutcome(history)
    }

    // MARK: - Steps

    /// Runs the layer's pending steps, at most `concurrency` attempts at a time; a failed attempt is retried as
    /// soon as its results are staged. Invocations are appended (with whatever else is staged) right before the
    /// calls they announce; results stay staged for the next append.
    private func runLayer(_ layer: [GraphConfiguration.Node]) async throws {
        let concurrency = engine.configuration.graph.concurrency, clock = engine.clock
        var waiting = layer.filter { history.steps[$0.name.rawValue]?.isDone != true }
        try await withThrowingTaskGroup(of: AgentCall.Finished.self) { group in
            var running = 0
            while true {
                var launching: [AgentCall] = []
                while running + launching.count < concurrency, !waiting.isEmpty {
                    if let call = try prepare(waiting.removeFirst()) { launching.append(call) }
                }
                if !launching.isEmpty {
                    try await flush()
                    for call in launching {
                        CrashPoint.hit("investigation.before-agent-call")
                        group.addTask { await call.perform(clock: clock) }
                        running += 1
                    }
                }
                guard running > 0, let finished = try await group.next() else { return }
                running -= 1
                try await conclude(finished)
                if history.steps[finished.call.node.name.rawValue]?.isDone != true { waiting.append(finished.call.node) }
            }
        }
    }

    /// Stages the `agent.invoked` of `node`'s next attempt and returns the call; `nil` when it has none left.
    private func prepare(_ node: GraphConfiguration.Node) throws -> AgentCall? {
        let step = history.steps[node.name.rawValue] ?? InvestigationHistory.Step()
        guard !step.isDone else { return nil }
        let last = step.lastAttempt
        // An attempt invoked but never finished was interrupted by a crash: run it again with the same number.
        let attempt = last > 0 && step.failures[last] == nil ? last : last + 1
        guard attempt <= engine.configuration.graph.maxAttempts else { return nil }
        guard let agent = engine.agents[node.name] else {
            throw RuntimeError(.configuration, "graph agent \(node.name) has no implementation")
        }
        let input = input(for: node, attempt: attempt)
        let timeout = node.timeoutMs ?? engine.configuration.graph.timeoutMs
        stage([.invoked(AgentInvoked(investigationId: id, agent: node.name, step: node.name.rawValue, attempt: attempt,
                                     inputDigest: input.digest(upstreamBytes: outputBytes), runner: agent.runner, timeoutMs: timeout))])
        return AgentCall(node: node, agent: agent, input: input, timeoutMs: timeout)
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
            let document = consensus.json
            let reached = ConsensusReached(investigationId: id, incidentId: incidentId, outputSchema: ConsensusOutput.schemaID,
                                           output: document.objectValue ?? JSONObject(), outputDigest: Digest.of(document),
                                           inputDigest: Self.consensusInputDigest(documents, known: outputBytes), degraded: !failed.isEmpty)
            let status: InvestigationCompleted.Status = failed.isEmpty ? .completed : .degraded
            stage([
                .consensus(reached),
                .completed(InvestigationCompleted(investigationId: id, incidentId: incidentId, status: status, failedAgents: failed,
                                                  inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.costUsd)),
                .span(spans.root(incidentId: incidentId, start: start, end: engine.clock(), status: status.rawValue, costUsd: cost, failed: false)),
            ])
        case .failure(let reason):
            stage([
                .failed(InvestigationFailed(investigationId: id, incidentId: incidentId, reason: reason.reason, message: reason.message,
                                            step: "consensus", failedAgents: failed, inputTokens: totals.inputTokens,
                                            outputTokens: totals.outputTokens, costUsd: totals.costUsd)),
                .span(spans.root(incidentId: incidentId, start: start, end: engine.clock(), status: "failed", costUsd: cost, failed: true)),
            ])
        }
        try await flush()
    }

    /// `sha256:` of the recorded outputs consensus used, keyed by agent; the canonical bytes of each are taken from
    /// `known` where they are there.
    static func consensusInputDigest(_ documents: [AgentName: JSONValue], known: [AgentName: [UInt8]] = [:]) -> String {
        Digest.of(bytes: CanonicalSplice.documents(documents, known: known))
    }
}

package import Foundation
package import OPXEvents

/// What an investigation's recorded events say about it: the state the engine resumes from and replay re-checks.
///
/// The live engine applies each event it appends with the same ``apply(_:)`` that folds the log, so a run and a
/// resume after a crash compute identical inputs.
package struct InvestigationHistory: Sendable {
    /// One graph step's record.
    package struct Step: Sendable {
        /// `agent.invoked` input digests by attempt (more than one when an interrupted attempt was re-run).
        package var invocations: [Int: [String]] = [:]
        /// Validation results by attempt.
        package var validations: [Int: [ValidationRecorded]] = [:]
        /// Failed attempts.
        package var failures: [Int: AgentFailed] = [:]
        /// The validated output, once recorded.
        package var output: AgentOutputRecorded?
        /// Whether usage was recorded for an attempt.
        package var usageAttempts: Set<Int> = []

        /// The highest attempt invoked.
        package var lastAttempt: Int { invocations.keys.max() ?? 0 }
        /// The final failure (no retry follows), if any.
        package var finalFailure: AgentFailed? { failures.values.first { !$0.willRetry } }
        /// Whether the step is done: a recorded output or a final failure.
        package var isDone: Bool { output != nil || finalFailure != nil }
    }

    /// How an investigation ended.
    package enum Ending: Sendable, Hashable {
        /// `investigation.completed`.
        case completed(InvestigationCompleted)
        /// `investigation.failed`.
        case failed(InvestigationFailed)
    }

    /// The investigation.
    package var investigationId: EntityID
    /// `investigation.started`, once recorded.
    package var started: InvestigationStarted?
    /// When it started (the log's time of `investigation.started`).
    package var startedAt: Timestamp?
    /// Steps by name.
    package var steps: [String: Step] = [:]
    /// Every recorded usage, in log order.
    package var usage: [UsageRecorded] = []
    /// The consensus, once reached.
    package var consensus: ConsensusReached?
    /// How it ended, once it did.
    package var ending: Ending?
    /// Trace spans recorded for it.
    package var spans: [TraceSpanRecorded] = []
    /// How many times it resumed.
    package var resumes = 0
    /// Steps a fork shares with its origin (recorded there, not here).
    package var inheritedSteps: Set<String> = []

    /// An empty history.
    package init(investigationId: EntityID) {
        self.investigationId = investigationId
    }

    /// The incident, once started.
    package var incidentId: EntityID? { started?.incidentId }

    /// Total input tokens, output tokens and cost.
    package var totals: (inputTokens: Int, outputTokens: Int, costUsd: Decimal) {
        usage.reduce((0, 0, Decimal(0))) { ($0.0 + $1.inputTokens, $0.1 + $1.outputTokens, $0.2 + $1.costUsd) }
    }

    /// Validated outputs by agent.
    package var outputs: [AgentName: AgentOutputRecorded] {
        var outputs: [AgentName: AgentOutputRecorded] = [:]
        for step in steps.values { if let output = step.output { outputs[output.agent] = output } }
        return outputs
    }

    /// What the agent should be told about attempt `attempt - 1` of `step`: its validation errors or why it failed.
    package func previousErrors(step name: String, before attempt: Int) -> [String] {
        guard attempt > 1, let step = steps[name] else { return [] }
        let issues = (step.validations[attempt - 1] ?? []).filter { !$0.passed }.flatMap { result in
            result.errors.map { "\(result.stage.rawValue) \($0.pointer.isEmpty ? "/" : $0.pointer): \($0.message)" }
        }
        if !issues.isEmpty { return issues }
        return step.failures[attempt - 1].map { ["\($0.reason.rawValue): \($0.message ?? "no details")"] } ?? []
    }

    // MARK: - Folding

    /// Applies one recorded event of the investigation's stream (unknown types are ignored).
    package mutating func apply(_ event: RecordedEvent) throws {
        guard let payload = try? event.json else { return }
        switch event.type.rawValue {
        case InvestigationStarted.eventType.rawValue:
            apply(.started(try InvestigationStarted(jsonPayload: payload)), at: event.recordedAt)
        case AgentInvoked.eventType.rawValue: apply(.invoked(try AgentInvoked(jsonPayload: payload)))
        case ValidationRecorded.eventType.rawValue: apply(.validation(try ValidationRecorded(jsonPayload: payload)))
        case AgentFailed.eventType.rawValue: apply(.agentFailed(try AgentFailed(jsonPayload: payload)))
        case AgentOutputRecorded.eventType.rawValue: apply(.output(try AgentOutputRecorded(jsonPayload: payload)))
        case UsageRecorded.eventType.rawValue: apply(.usage(try UsageRecorded(jsonPayload: payload)))
        case ConsensusReached.eventType.rawValue: apply(.consensus(try ConsensusReached(jsonPayload: payload)))
        case InvestigationCompleted.eventType.rawValue: apply(.completed(try InvestigationCompleted(jsonPayload: payload)))
        case InvestigationFailed.eventType.rawValue: apply(.failed(try InvestigationFailed(jsonPayload: payload)))
        case InvestigationResumed.eventType.rawValue: resumes += 1
        case TraceSpanRecorded.eventType.rawValue: apply(.span(try TraceSpanRecorded(jsonPayload: payload)))
        default: break
        }
    }

    /// Applies one typed event (what the engine appends, or what was read back).
    package mutating func apply(_ event: EngineEvent, at time: Timestamp? = nil) {
        switch event {
        case .started(let started):
            self.started = started
            startedAt = startedAt ?? time
        case .invoked(let invoked): steps[invoked.step, default: Step()].invocations[invoked.attempt, default: []].append(invoked.inputDigest)
        case .validation(let result): steps[result.step, default: Step()].validations[result.attempt, default: []].append(result)
        case .agentFailed(let failure): steps[failure.step, default: Step()].failures[failure.attempt] = failure
        case .output(let output): steps[output.step, default: Step()].output = output
        case .usage(let usage):
            self.usage.append(usage)
            if let step = usage.step, let attempt = usage.attempt { steps[step, default: Step()].usageAttempts.insert(attempt) }
        case .consensus(let consensus): self.consensus = consensus
        case .completed(let completed): ending = .completed(completed)
        case .failed(let failed): ending = .failed(failed)
        case .span(let span): spans.append(span)
        case .other: break
        }
    }
}

extension InvestigationHistory {
    /// Takes the finished steps of `origin` (a fork's shared history, cut at its checkpoint) for steps this
    /// investigation has not run itself. Their cost stays with the origin.
    package mutating func inherit(from origin: InvestigationHistory) {
        for (name, step) in origin.steps where step.isDone && steps[name] == nil {
            steps[name] = step
            inheritedSteps.insert(name)
        }
    }
}

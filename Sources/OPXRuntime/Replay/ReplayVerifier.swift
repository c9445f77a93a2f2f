package import OPXEvents
import Foundation

/// `opx replay --verify`: re-runs the graph logic over an investigation's recorded outputs, without calling any
/// agent, and reports every divergence between what the log says and what the logic computes.
///
/// Checked: each `agent.invoked` input digest (a different digest names the step and attempt: the inputs are not
/// deterministic), each recorded output against validation, the consensus document's digest (or the fail-closed
/// decision), the cost (usage events, the price table, the totals in the ending), and the trace (one span per
/// attempt and one root span, with the ids and parents the graph implies).
package struct ReplayVerifier: Sendable {
    /// What replay found.
    package struct Report: Sendable, Hashable {
        /// The investigation.
        package var investigationId: EntityID
        /// Steps checked (a fork's shared steps are checked by replaying its origin).
        package var steps: [String]
        /// Attempts whose input digest was recomputed.
        package var attempts: Int
        /// The consensus digest recomputed, when there is one.
        package var consensusDigest: String?
        /// Divergences, one line each, naming the step; empty when the log and the logic agree.
        package var divergences: [String]
    }

    let engine: InvestigationEngine

    /// A verifier using `engine`'s graph, prices and log.
    package init(engine: InvestigationEngine) { self.engine = engine }

    /// Replays `id`.
    ///
    /// - Throws: ``RuntimeError`` when the investigation does not exist or has not ended (resume it first).
    package func verify(_ id: EntityID) throws -> Report {
        let history = try engine.history(of: id)
        guard let ending = history.ending else {
            throw RuntimeError(.invalidState, "investigation \(id) has not finished; run `opx resume \(id)` first")
        }
        let graph = engine.configuration.graph
        var report = Report(investigationId: id, steps: [], attempts: 0, divergences: [])
        guard Set(history.started?.agents ?? []) == Set(graph.agents) else {
            report.divergences.append("graph: the investigation ran agents \((history.started?.agents ?? []).map(\.rawValue).joined(separator: ", ")), the configured graph has \(graph.agents.map(\.rawValue).joined(separator: ", "))")
            return report
        }
        let validator = OutputValidator(knownServices: try engine.knownServices(of: history.incidentId), registry: engine.registry)
        let spans = InvestigationSpans(investigationId: id)
        var expectedSpans: [String: (name: String, parent: String?)] = [spans.rootSpanId: ("investigation", nil)]
        for node in graph.nodes {
            let name = node.name.rawValue
            guard let step = history.steps[name], !history.inheritedSteps.contains(name) else { continue }
            report.steps.append(name)
            var upstream: [AgentName: JSONValue] = [:]
            for agent in node.after { if let output = history.steps[agent.rawValue]?.output { upstream[agent] = .object(output.output) } }
            for (attempt, digests) in step.invocations.sorted(by: { $0.key < $1.key }) {
                let input = AgentInput(investigationId: id, incidentId: history.incidentId ?? id, step: name, attempt: attempt,
                                       upstreamOutputs: upstream, previousErrors: history.previousErrors(step: name, before: attempt))
                let digest = input.digest
                report.attempts += 1
                for recorded in digests where recorded != digest {
                    report.divergences.append("step \(name) attempt \(attempt): agent.invoked records input digest \(recorded) but the graph computes \(digest) — the agent's input is not deterministic")
                }
                if step.failures[attempt] != nil || step.output?.attempt == attempt {
                    expectedSpans[spans.attemptSpanId(step: name, attempt: attempt)] = ("invoke_agent \(node.name)", spans.rootSpanId)
                }
            }
            if let output = step.output {
                let results = validator.validate(.object(output.output), node: node, upstream: upstream)
                if results.count < 3 || !results.allSatisfy(\.passed) {
                    report.divergences.append("step \(name): the recorded output no longer passes \(results.first { !$0.passed }?.stage.rawValue ?? "validation")")
                }
                if let stated = output.outputDigest, stated != Digest.of(.object(output.output)) {
                    report.divergences.append("step \(name): the output digest \(stated) does not match the recorded output")
                }
            }
        }
        checkConsensus(history, ending: ending, report: &report)
        checkCost(history, ending: ending, report: &report)
        checkTrace(history, expected: expectedSpans, report: &report)
        return report
    }

    private func checkConsensus(_ history: InvestigationHistory, ending: InvestigationHistory.Ending, report: inout Report) {
        let graph = engine.configuration.graph
        let outputs = history.outputs.filter { graph.agents.contains($0.key) }.mapValues { JSONValue.object($0.output) }
        let failed = graph.agents.filter { outputs[$0] == nil }.sorted()
        switch (Consensus.decide(outputs: outputs, failed: failed, quorum: graph.quorum), ending) {
        case (.success(let consensus), .completed):
            let digest = Digest.of(consensus.json)
            report.consensusDigest = digest
            if history.consensus?.outputDigest != digest {
                report.divergences.append("consensus: recorded digest \(history.consensus?.outputDigest ?? "none") but replay computes \(digest)")
            }
            if let input = history.consensus?.inputDigest, input != InvestigationRun.consensusInputDigest(outputs) {
                report.divergences.append("consensus: recorded input digest \(input) differs from the recorded outputs' digest")
            }
        case (.failure(let reason), .failed(let failed)):
            if failed.reason != reason.reason {
                report.divergences.append("consensus: the investigation failed with \(failed.reason.rawValue) but replay fails with \(reason.reason.rawValue)")
            }
        case (.success, .failed(let failed)):
            report.divergences.append("consensus: the investigation failed (\(failed.reason.rawValue)) but replay reaches a consensus")
        case (.failure(let reason), .completed):
            report.divergences.append("consensus: the investigation completed but replay finds no consensus (\(reason.message))")
        }
    }

    private func checkCost(_ history: InvestigationHistory, ending: InvestigationHistory.Ending, report: inout Report) {
        let totals = history.totals
        for usage in history.usage {
            let cost = engine.configuration.pricing.cost(model: usage.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
            if cost != usage.costUsd {
                report.divergences.append("cost: step \(usage.step ?? "?") attempt \(usage.attempt ?? 0) recorded $\(usage.costUsd) for \(usage.model) but the price table gives $\(cost)")
            }
        }
        let stated: (Int?, Int?, Foundation.Decimal?) = switch ending {
        case .completed(let c): (c.inputTokens, c.outputTokens, c.costUsd)
        case .failed(let f): (f.inputTokens, f.outputTokens, f.costUsd)
        }
        if stated.2 != nil && stated.2 != totals.costUsd || stated.0 != nil && stated.0 != totals.inputTokens
            || stated.1 != nil && stated.1 != totals.outputTokens {
            report.divergences.append("cost: the ending records \(stated.0 ?? 0)/\(stated.1 ?? 0) tokens and $\(stated.2 ?? 0) but the usage events add up to \(totals.inputTokens)/\(totals.outputTokens) tokens and $\(totals.costUsd)")
        }
    }

    private func checkTrace(_ history: InvestigationHistory, expected: [String: (name: String, parent: String?)], report: inout Report) {
        let recorded = Dictionary(history.spans.map { ($0.spanId, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, span) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = recorded[id] else {
                report.divergences.append("trace: no span \(id) (\(span.name)) is recorded")
                continue
            }
            if found.name != span.name || found.parentSpanId != span.parent {
                report.divergences.append("trace: span \(id) is \(found.name) under \(found.parentSpanId ?? "no parent"), expected \(span.name) under \(span.parent ?? "no parent")")
            }
        }
        for span in history.spans where expected[span.spanId] == nil && (span.parentSpanId.map { expected[$0] == nil } ?? true) {
            report.divergences.append("trace: span \(span.spanId) (\(span.name)) is not part of the graph's trace")
        }
    }
}

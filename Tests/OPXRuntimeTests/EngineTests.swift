import Foundation
import OPXEventLog
import OPXStorage
import OPXEvents
import OPXRuntime
import OPXTesting
import Testing

@Suite struct EngineTests {
    @Test func completesWithConsensusAndReplaysWithoutDivergence() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let engine = RuntimeFixtures.engine(store.log)
        let outcome = try await engine.investigate(incident: incident)
        #expect(outcome.status == "completed")
        #expect(outcome.failedAgents.isEmpty)
        // Six agents, each 1000+1 input and 200 output tokens at $3 / $15 per million.
        #expect(outcome.costUsd == Decimal(6) * (Decimal(1001) * 3 + Decimal(200) * 15) / 1_000_000)
        let types = try RuntimeFixtures.types(store.log, outcome.investigationId)
        #expect(types.first == "investigation.started")
        #expect(types.suffix(3) == ["consensus.reached", "investigation.completed", "trace.span-recorded"])
        #expect(types.filter { $0 == "agent.output-recorded" }.count == 6)
        #expect(types.filter { $0 == "validation.recorded" }.count == 18)
        let consensus = try #require(outcome.consensus)
        #expect(consensus["quorum"]?["met"] == true)
        #expect(consensus["agreement"]?["failed"]?.arrayValue?.isEmpty == true)
        let report = try ReplayVerifier(engine: engine).verify(outcome.investigationId)
        #expect(report.divergences == [])
        #expect(report.consensusDigest == outcome.consensusDigest)
        #expect(report.attempts == 6)
    }

    @Test func responseStrategySeesTheAnalysisAgentsOutputs() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let seen = Locked<[AgentName]>([])
        var agents = RuntimeFixtures.deterministicAgents()
        agents[.responseStrategy] = ClosureAgent(name: .responseStrategy) { input in
            seen.withLock { $0 = input.upstreamOutputs.keys.sorted() }
            return RuntimeFixtures.document("response-strategy")
        }
        _ = try await RuntimeFixtures.engine(store.log, agents: agents).investigate(incident: incident)
        #expect(seen.withLock { $0 } == [.changeIntelligence, .historicalPattern, .knowledgeRunbook, .riskBlastRadius, .signalIntelligence])
    }

    @Test func retriesInvalidOutputTellingTheAgentWhatWasWrong() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var agents = RuntimeFixtures.deterministicAgents()
        agents[.changeIntelligence] = RuntimeFixtures.scriptAgent(.changeIntelligence, mode: "invalid-then-valid")
        let engine = RuntimeFixtures.engine(store.log, agents: agents)
        let outcome = try await engine.investigate(incident: incident)
        #expect(outcome.status == "completed")
        let history = try engine.history(of: outcome.investigationId)
        let step = try #require(history.steps["change-intelligence"])
        #expect(step.validations[1]?.first?.passed == false)
        #expect(step.validations[1]?.first?.stage == .schema)
        #expect(step.failures[1]?.reason == .invalidOutput)
        #expect(step.failures[1]?.willRetry == true)
        #expect(step.output?.attempt == 2)
        #expect(history.previousErrors(step: "change-intelligence", before: 2).contains { $0.contains("/confidence") })
        #expect(history.usage.filter { $0.agent == .changeIntelligence }.count == 2)
        #expect(try ReplayVerifier(engine: engine).verify(outcome.investigationId).divergences == [])
    }

    @Test func failsClosedWhenTooFewAgentsSucceed() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var agents = RuntimeFixtures.deterministicAgents()
        for name in [AgentName.changeIntelligence, .historicalPattern, .knowledgeRunbook] {
            agents[name] = RuntimeFixtures.scriptAgent(name, mode: "invalid")
        }
        let engine = RuntimeFixtures.engine(store.log, agents: agents)
        let outcome = try await engine.investigate(incident: incident)
        #expect(outcome.status == "failed")
        #expect(outcome.failedAgents == [.changeIntelligence, .historicalPattern, .knowledgeRunbook])
        #expect(outcome.failure?.hasPrefix("no-quorum") == true)
        let types = try RuntimeFixtures.types(store.log, outcome.investigationId)
        #expect(types.filter { $0 == "agent.failed" }.count == 9)
        #expect(!types.contains("consensus.reached"))
        #expect(types.contains("investigation.failed"))
        #expect(try ReplayVerifier(engine: engine).verify(outcome.investigationId).divergences == [])
    }

    @Test func continuesDegradedWhenAnAgentHangs() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var graph = GraphConfiguration.default
        graph.nodes[0].timeoutMs = 300
        graph.maxAttempts = 2
        var agents = RuntimeFixtures.deterministicAgents(graph)
        agents[.signalIntelligence] = RuntimeFixtures.scriptAgent(.signalIntelligence, mode: "hang")
        let outcome = try await RuntimeFixtures.engine(store.log, graph: graph, agents: agents).investigate(incident: incident)
        #expect(outcome.status == "degraded")
        #expect(outcome.failedAgents == [.signalIntelligence])
        let failures = try RuntimeFixtures.engine(store.log, graph: graph, agents: agents).history(of: outcome.investigationId)
            .steps["signal-intelligence"]?.failures
        #expect(failures?[1]?.reason == .timeout)
        #expect(failures?[2]?.reason == .timeout)
        #expect(failures?[2]?.willRetry == false)
        #expect(outcome.consensus?["agreement"]?["failed"] == ["signal-intelligence"])
    }

    @Test func recordsACrashingAgentAsAFailedAttempt() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var agents = RuntimeFixtures.deterministicAgents()
        agents[.riskBlastRadius] = RuntimeFixtures.scriptAgent(.riskBlastRadius, mode: "crash")
        let engine = RuntimeFixtures.engine(store.log, agents: agents)
        let outcome = try await engine.investigate(incident: incident)
        #expect(outcome.status == "degraded")
        let failure = try engine.history(of: outcome.investigationId).steps["risk-blast-radius"]?.finalFailure
        #expect(failure?.reason == .crashed)
        #expect(failure?.attempt == 3)
        #expect(failure?.message?.contains("exited with status 3") == true)
        #expect(failure?.message?.contains("crashed on purpose") == true)
    }

    @Test func recordsUsageReportedByASubprocessAgentWithItsCost() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var agents = RuntimeFixtures.deterministicAgents()
        agents[.knowledgeRunbook] = RuntimeFixtures.scriptAgent(.knowledgeRunbook, mode: "valid")
        let engine = RuntimeFixtures.engine(store.log, agents: agents)
        let outcome = try await engine.investigate(incident: incident)
        let usage = try #require(try engine.history(of: outcome.investigationId).usage.first { $0.agent == .knowledgeRunbook })
        #expect(usage.model == "test-model")
        #expect(usage.costUsd == (Decimal(1000) * 3 + Decimal(200) * 15) / 1_000_000)
        let spans = try engine.history(of: outcome.investigationId).spans
        #expect(spans.contains { $0.name == "execute_tool test.lookup" })
    }

    @Test func semanticChecksRejectServicesOutsideTheIncident() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        var agents = RuntimeFixtures.deterministicAgents()
        agents[.signalIntelligence] = ClosureAgent(name: .signalIntelligence) { _ in
            var document = RuntimeFixtures.document("signal-intelligence").objectValue!
            document.set("services", ["checkout", "billing"])
            return .object(document)
        }
        let engine = RuntimeFixtures.engine(store.log, agents: agents)
        let outcome = try await engine.investigate(incident: incident)
        let step = try #require(try engine.history(of: outcome.investigationId).steps["signal-intelligence"])
        let semantic = try #require(step.validations[1]?.last)
        #expect(semantic.stage == .semantic)
        #expect(semantic.errors.first?.pointer == "/services/1")
        #expect(step.finalFailure?.reason == .invalidOutput)
    }

    @Test func blockedOutputsAreNeverRecordedAndRedactedOnesAre() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let engine = RuntimeFixtures.engine(store.log, screening: SummaryScreen())
        let outcome = try await engine.investigate(incident: incident)
        #expect(outcome.status == "degraded")
        let history = try engine.history(of: outcome.investigationId)
        #expect(history.steps["historical-pattern"]?.finalFailure?.reason == .guardrailBlocked)
        #expect(history.steps["signal-intelligence"]?.output?.output["summary"] == "[REDACTED]")
        #expect(history.steps["signal-intelligence"]?.output?.redacted == true)
        let types = try RuntimeFixtures.types(store.log, outcome.investigationId)
        #expect(types.filter { $0 == "guardrail.violation" }.count == 4)
    }

    @Test func refusesAnIncidentThatDoesNotExist() async throws {
        let store = try await TemporaryEventLog()
        await #expect(throws: RuntimeError.self) { _ = try await RuntimeFixtures.engine(store.log).investigate(incident: .random()) }
    }
}

/// Blocks historical-pattern's output, redacts signal-intelligence's summary.
struct SummaryScreen: OutputScreening {
    func screen(_ document: JSONValue, agent: AgentName, step: String) -> ScreenedOutput {
        switch agent {
        case .historicalPattern:
            return ScreenedOutput(document: document, violations: [GuardrailViolated(kind: .email, action: .blocked, location: .agentOutput, fields: ["/summary"])], blocked: true)
        case .signalIntelligence:
            var object = document.objectValue!
            object.set("summary", "[REDACTED]")
            return ScreenedOutput(document: .object(object), violations: [GuardrailViolated(kind: .email, action: .redacted, location: .agentOutput, fields: ["/summary"])], blocked: false)
        default:
            return ScreenedOutput(document: document, violations: [], blocked: false)
        }
    }
}

import Foundation
import OPXEvents
import OPXRuntime
import Testing

/// The engine's fast encoding of its large events gives exactly the payload Codable gives.
@Suite struct EngineEventTests {
    let investigation = EntityID("6f1c2c8e-0000-4000-8000-0000000000aa")!

    func codableBytes<Event: CatalogueEvent>(_ event: Event) throws -> [UInt8] {
        CanonicalJSONWriter.canonicalBytes(try event.jsonPayload())
    }

    @Test func outputsConsensusAndSpansEncodeAsCodableDoes() throws {
        let document = try #require(RuntimeFixtures.document("signal-intelligence").objectValue)
        let output = AgentOutputRecorded(investigationId: investigation, agent: .signalIntelligence, step: "signal-intelligence",
                                         attempt: 2, outputSchema: "opx:agent/signal-intelligence/v1", output: document,
                                         outputDigest: Digest.of(.object(document)), redacted: true)
        let consensus = ConsensusReached(investigationId: investigation, incidentId: investigation, outputSchema: ConsensusOutput.schemaID,
                                         output: document, outputDigest: "sha256:" + String(repeating: "a", count: 64), degraded: false)
        let span = InvestigationSpans(investigationId: investigation).attempt(
            agent: .signalIntelligence, runner: .subprocess, step: "signal-intelligence", attempt: 1,
            start: Timestamp(nanoseconds: 1_000), end: Timestamp(nanoseconds: 2_000),
            usage: AgentUsage(model: "m", provider: "p", inputTokens: 3, outputTokens: 4),
            toolCalls: [ToolCall(name: "signals.list", itemCount: 3, durationNanoseconds: 10)], failure: "timeout")
        #expect(try EngineEvent.output(output).proposed(source: .default).data == codableBytes(output))
        #expect(try EngineEvent.consensus(consensus).proposed(source: .default).data == codableBytes(consensus))
        #expect(span.count == 2)
        for span in span { #expect(try EngineEvent.span(span).proposed(source: .default).data == codableBytes(span)) }
    }

    @Test func invocationsAndValidationsEncodeAsCodableDoes() throws {
        let invocations = [
            AgentInvoked(investigationId: investigation, agent: .changeIntelligence, step: "change-intelligence", attempt: 3,
                         inputDigest: "sha256:" + String(repeating: "b", count: 64), runner: .http, model: "m\u{e9}", timeoutMs: 30_000),
            AgentInvoked(investigationId: investigation, agent: .changeIntelligence, step: "change-intelligence", attempt: 1,
                         inputDigest: "sha256:" + String(repeating: "c", count: 64)),
        ]
        for invoked in invocations { #expect(try EngineEvent.invoked(invoked).proposed(source: .default).data == codableBytes(invoked)) }
        let validations = [
            ValidationRecorded(investigationId: investigation, agent: .riskBlastRadius, step: "risk-blast-radius", attempt: 2,
                               stage: .schema, passed: false,
                               errors: [.init(pointer: "/findings/0/confidence", message: "expected ≤ 1, found \"1.5\"", rule: "maximum"),
                                        .init(pointer: "", message: "not an object")],
                               schema: "opx:agent/risk-blast-radius/v1"),
            ValidationRecorded(investigationId: investigation, agent: .riskBlastRadius, step: "risk-blast-radius", attempt: 1,
                               stage: .semantic, passed: true, errors: []),
        ]
        for validation in validations {
            #expect(try EngineEvent.validation(validation).proposed(source: .default).data == codableBytes(validation))
        }
    }

    @Test func startsAndCompletionsEncodeAsCodableDoes() throws {
        let origin = InvestigationStarted.ForkOrigin(investigationId: investigation, step: "risk-blast-radius", position: 9_007_199_254_740_993)
        let starts = [
            InvestigationStarted(investigationId: investigation, incidentId: investigation, trigger: .manual, agents: AgentName.analysisAgents),
            InvestigationStarted(investigationId: investigation, incidentId: investigation, trigger: .fork, agents: [.consensus],
                                 requestedBy: "ana@example", budgetUsd: Decimal(string: "12.3456789")!, forkedFrom: origin),
        ]
        for started in starts { #expect(try EngineEvent.started(started).proposed(source: .default).data == codableBytes(started)) }
        for cost in ["0", "0.004708", "12.5", "1234567.000001", "0.0000000123", "100"] {
            let completed = InvestigationCompleted(investigationId: investigation, incidentId: investigation, status: .degraded,
                                                   failedAgents: [.knowledgeRunbook], inputTokens: 1_234, outputTokens: 0,
                                                   costUsd: Decimal(string: cost)!)
            #expect(try EngineEvent.completed(completed).proposed(source: .default).data == codableBytes(completed), "costUsd \(cost)")
        }
    }

    @Test func theInputDigestIsTheDigestOfTheCanonicalInput() throws {
        var upstream: [AgentName: JSONValue] = [:]
        for agent in AgentName.analysisAgents { upstream[agent] = RuntimeFixtures.document(agent.rawValue) }
        for outputs in [upstream, [:]] {
            let input = AgentInput(investigationId: investigation, incidentId: investigation, step: "response-strategy", attempt: 2,
                                   upstreamOutputs: outputs, previousErrors: ["/findings/0 expected \u{2264} 1", "\u{1F600} \"quoted\""])
            #expect(input.digest == Digest.of(input.canonicalJSON))
        }
    }
}

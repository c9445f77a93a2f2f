import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXStorage
import OPXTesting
import Testing

/// How the engine batches what it records: few durable appends, yet every call's invocation (and every result its
/// input was computed from) durable before the call, and every alert durable before it is announced.
@Suite struct BatchingTests {
    /// What the log held for `id` when each agent was called, by step.
    final class CallWitness: Sendable {
        let seen = Locked<[String: [String]]>([:])

        /// The default graph's fixture agents, each noting the investigation's logged event types when it is called.
        func agents(_ log: EventLog, _ id: EntityID) -> [AgentName: any InvestigationAgent] {
            Dictionary(uniqueKeysWithValues: GraphConfiguration.default.nodes.map { node in
                (node.name, ClosureAgent(name: node.name) { [seen] input in
                    let events = try log.read(stream: .investigation(id), limit: 10_000)
                    let types = events.map { event -> String in
                        let step = (try? event.json)?["step"]?.stringValue
                        return event.type.rawValue + (step == input.step ? " (self)" : "")
                    }
                    seen.withLock { $0[input.step] = types }
                    return RuntimeFixtures.document(node.schema)
                } as any InvestigationAgent)
            })
        }
    }

    @Test func aFreshInvestigationOfTheDefaultGraphNeedsThreeDurableAppends() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let before = store.log.environment.writerStatistics.snapshot.jobs
        let outcome = try await RuntimeFixtures.engine(store.log).investigate(incident: incident)
        #expect(outcome.status == "completed")
        // Started with the five invocations; their results with response strategy's invocation; its results with
        // the consensus, the ending and the root span.
        #expect(store.log.environment.writerStatistics.snapshot.jobs - before == 3)
        let events = try store.log.read(stream: .investigation(outcome.investigationId), limit: 10_000)
        let batches = Dictionary(grouping: events, by: \.recordedAt).values.sorted { $0[0].position < $1[0].position }
        #expect(batches.count == 3)
        #expect(batches[0].map(\.type.rawValue) == ["investigation.started"] + Array(repeating: "agent.invoked", count: 5))
        #expect(batches[1].filter { $0.type.rawValue == "agent.output-recorded" }.count == 5)
        #expect(batches[1].last?.type.rawValue == "agent.invoked")
        #expect(batches[2].suffix(3).map(\.type.rawValue) == ["consensus.reached", "investigation.completed", "trace.span-recorded"])
    }

    @Test func everyAgentIsCalledOnlyOnceItsInvocationAndItsUpstreamOutputsAreDurable() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let id = EntityID.random()
        let witness = CallWitness()
        let engine = RuntimeFixtures.engine(store.log, agents: witness.agents(store.log, id))
        let started = Locked<EntityID?>(nil)
        let outcome = try await engine.investigate(incident: incident, id: id) { id in started.withLock { $0 = id } }
        #expect(outcome.status == "completed")
        #expect(started.withLock { $0 } == id)
        let seen = witness.seen.withLock { $0 }
        #expect(seen.count == 6)
        for (step, types) in seen {
            #expect(types.first == "investigation.started", "\(step)")
            #expect(types.contains("agent.invoked (self)"), "\(step): its agent.invoked was not durable when it was called")
        }
        #expect(seen["response-strategy"]?.filter { $0 == "agent.output-recorded" }.count == 5)
    }

    @Test func anAlertRaisedDuringAnInvestigationIsAnnouncedOnlyOnceTheLogHoldsIt() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let id = EntityID.random()
        let logged = Locked<[String]>([])
        let server = try OneShotHTTPServer {
            let types = (try? store.log.read(stream: .investigation(id), limit: 10_000).map(\.type.rawValue)) ?? []
            logged.withLock { $0 = types }
        }
        // The first attempt's usage ($0.006003) crosses 80 % and 95 % of the budget at once.
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(perInvestigationUsd: 0.0062),
                                alerts: AlertConfiguration(webhookUrl: "http://127.0.0.1:\(server.port)/hook", webhookTimeoutSeconds: 1),
                                logger: quietLogger)
        let engine = InvestigationEngine(log: store.log, configuration: RuntimeConfiguration(graph: .default, pricing: RuntimeFixtures.pricing),
                                         agents: RuntimeFixtures.deterministicAgents(), spending: watch)
        let outcome = try await engine.investigate(incident: incident, id: id)
        #expect(outcome.status == "completed")
        let request = try #require(server.request())
        #expect(request.contains(#""kind":"budget-threshold""#))
        #expect(logged.withLock { $0 }.contains("alert.raised"))
        #expect(logged.withLock { $0 }.filter { $0 == "budget.threshold-crossed" }.count == 2)
    }
}

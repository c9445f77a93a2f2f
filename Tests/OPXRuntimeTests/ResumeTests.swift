import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXTesting
import Testing

@Suite struct ResumeTests {
    /// Copies the incident and the first `count` events of the investigation into a fresh log: the state a crash
    /// right after that event leaves behind.
    static func cut(_ source: EventLog, incident: EntityID, investigation: EntityID, count: Int,
                    rewrite: (RecordedEvent) -> [UInt8] = \.data) async throws -> TemporaryEventLog {
        let copy = try await TemporaryEventLog()
        for (stream, limit) in [(StreamID.incident(incident), Int.max), (.investigation(investigation), count)] {
            for event in try source.read(stream: stream, limit: limit) {
                let proposed = ProposedEvent(id: event.id, type: event.type, schemaVersion: event.schemaVersion,
                                             canonicalData: rewrite(event), source: event.source, correlationID: nil,
                                             causationID: nil, traceparent: nil)
                _ = try await copy.log.append(to: stream, events: [proposed])
            }
        }
        return copy
    }

    /// Whether event `index` begins one of the engine's atomic appends (a crash can only fall between them): the
    /// events of one append share their recorded time.
    static func batchStarts(at index: Int, in events: [RecordedEvent]) -> Bool {
        events[index].recordedAt != events[index - 1].recordedAt
    }

    @Test func resumeAfterACrashAtEveryStepBoundaryGivesTheSameConsensusAndCost() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let reference = try await RuntimeFixtures.engine(store.log).investigate(incident: incident)
        let events = try store.log.read(stream: .investigation(reference.investigationId), limit: 10_000)
        for count in 1..<events.count where Self.batchStarts(at: count, in: events) {
            let crashed = try await Self.cut(store.log, incident: incident, investigation: reference.investigationId, count: count)
            let engine = RuntimeFixtures.engine(crashed.log)
            let resumed = try await engine.resume(reference.investigationId)
            #expect(resumed.status == "completed", "cut after event \(count)")
            #expect(resumed.consensusDigest == reference.consensusDigest, "cut after event \(count)")
            #expect(resumed.costUsd == reference.costUsd, "cut after event \(count)")
            let divergences = try ReplayVerifier(engine: engine).verify(reference.investigationId).divergences
            #expect(divergences == [], "cut after event \(count): \(divergences)")
        }
    }

    @Test func resumeSkipsStepsWithRecordedOutputs() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let reference = try await RuntimeFixtures.engine(store.log).investigate(incident: incident)
        let events = try store.log.read(stream: .investigation(reference.investigationId), limit: 10_000)
        let firstOutput = try #require(events.firstIndex { $0.type.rawValue == "agent.output-recorded" })
        let crashed = try await Self.cut(store.log, incident: incident, investigation: reference.investigationId, count: firstOutput + 3)
        let engine = RuntimeFixtures.engine(crashed.log)
        _ = try await engine.resume(reference.investigationId)
        let after = try crashed.log.read(stream: .investigation(reference.investigationId), limit: 10_000)
        let resumedEvent = try #require(after.first { $0.type.rawValue == "investigation.resumed" })
        let resumed = try resumedEvent.json
        let done = try #require(resumed["completedSteps"]?.arrayValue)
        #expect(done.count == 1)
        #expect(resumed["pendingSteps"]?.arrayValue?.count == 6)
        #expect(after.filter { $0.type.rawValue == "agent.output-recorded" }.count == 6)
    }

    @Test func resumingAFinishedInvestigationChangesNothing() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let engine = RuntimeFixtures.engine(store.log)
        let outcome = try await engine.investigate(incident: incident)
        let before = try store.log.head()
        let again = try await engine.resume(outcome.investigationId)
        #expect(again == outcome)
        #expect(try store.log.head() == before)
    }

    @Test func replayNamesTheStepWhoseInputDigestDiffers() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let outcome = try await RuntimeFixtures.engine(store.log).investigate(incident: incident)
        let total = try store.log.read(stream: .investigation(outcome.investigationId), limit: 10_000).count
        let tampered = try await Self.cut(store.log, incident: incident, investigation: outcome.investigationId, count: total) { event in
            guard event.type.rawValue == "agent.invoked", var payload = (try? event.json)?.objectValue,
                  payload["step"] == "change-intelligence" else { return event.data }
            payload.set("inputDigest", .string("sha256:" + String(repeating: "0", count: 64)))
            return CanonicalJSONWriter.canonicalBytes(.object(payload))
        }
        let report = try ReplayVerifier(engine: RuntimeFixtures.engine(tampered.log)).verify(outcome.investigationId)
        #expect(report.divergences.count == 1)
        #expect(report.divergences.first?.hasPrefix("step change-intelligence attempt 1: agent.invoked records input digest") == true)
    }

    @Test func replayReportsACostThePriceTableDoesNotGive() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let outcome = try await RuntimeFixtures.engine(store.log).investigate(incident: incident)
        let cheaper = InvestigationEngine(log: store.log, configuration: RuntimeConfiguration(graph: .default, pricing: PriceTable()),
                                          agents: RuntimeFixtures.deterministicAgents())
        let report = try ReplayVerifier(engine: cheaper).verify(outcome.investigationId)
        #expect(report.divergences.count == 6)
        #expect(report.divergences.allSatisfy { $0.hasPrefix("cost: step ") })
    }

    @Test func forkSharesHistoryUpToTheCheckpointAndRunsTheRest() async throws {
        let store = try await TemporaryEventLog()
        let incident = try await RuntimeFixtures.openIncident(in: store.log)
        let engine = RuntimeFixtures.engine(store.log)
        let origin = try await engine.investigate(incident: incident)
        let originHistory = try engine.history(of: origin.investigationId)
        let firstDone = try #require(originHistory.steps.min { ($0.value.output?.attempt ?? 0, $0.key) < ($1.value.output?.attempt ?? 0, $1.key) })
        let (forkID, outcome) = try await engine.fork(origin.investigationId, from: firstDone.key)
        #expect(forkID != origin.investigationId)
        #expect(outcome.status == "completed")
        #expect(outcome.consensusDigest == origin.consensusDigest)
        let types = try RuntimeFixtures.types(store.log, forkID)
        #expect(types.filter { $0 == "agent.output-recorded" }.count < 6)
        let history = try engine.history(of: forkID)
        #expect(history.inheritedSteps.contains(firstDone.key))
        #expect(history.started?.forkedFrom?.investigationId == origin.investigationId)
        #expect(try ReplayVerifier(engine: engine).verify(forkID).divergences == [])
        await #expect(throws: RuntimeError.self) { _ = try await engine.fork(origin.investigationId, from: "no-such-step") }
    }
}

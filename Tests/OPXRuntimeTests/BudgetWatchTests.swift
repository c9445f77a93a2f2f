import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXStorage
import OPXTesting
import Testing

/// Budgets and alerts against a real log and its token analytics projection, with a test clock.
@Suite struct BudgetWatchTests {
    let investigation = EntityID("6f1c2c8e-0000-4000-8000-0000000000aa")!

    /// Asks the watch about a usage event costing `cost`, appends the usage and what the watch returned in one batch,
    /// then announces the raised alerts (as the engine does); returns the watch's events.
    func spend(_ cost: String, on id: EntityID, _ watch: BudgetWatch, _ store: TemporaryEventLog, _ clock: TestClock) async throws -> [ProposedEvent] {
        let usage = UsageRecorded(investigationId: id, agent: .signalIntelligence, model: "gpt-4o-mini", inputTokens: 1000,
                                  outputTokens: 200, costUsd: Decimal(string: cost)!)
        let caused = try await watch.events(after: usage, investigationId: id, at: clock.now())
        _ = try await store.log.append(to: StreamID.investigation(id), events: [try ProposedEvent(usage)] + caused.events)
        await watch.announce(caused.raised)
        return caused.events
    }

    func types(_ events: [ProposedEvent]) -> [String] { events.map(\.type.rawValue) }

    @Test func crossingEightyAndNinetyFivePercentRecordsEachThresholdOnceWithAnAlert() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(perInvestigationUsd: 1), alerts: AlertConfiguration(), logger: quietLogger)
        #expect(try await spend("0.5", on: investigation, watch, store, clock).isEmpty)
        let eighty = try await spend("0.35", on: investigation, watch, store, clock)
        #expect(types(eighty) == ["budget.threshold-crossed", "alert.raised"])
        #expect(eighty[0].payload["threshold"]?.doubleValue == 0.8 && eighty[0].payload["spentUsd"]?.doubleValue == 0.85)
        #expect(eighty[1].payload["severity"] == "warning")
        clock.advance(seconds: 60)
        #expect(try await spend("0.05", on: investigation, watch, store, clock).isEmpty)
        let ninetyFive = try await spend("0.1", on: investigation, watch, store, clock)
        #expect(types(ninetyFive) == ["budget.threshold-crossed", "alert.raised"])
        #expect(ninetyFive[0].payload["threshold"]?.doubleValue == 0.95 && ninetyFive[1].payload["severity"] == "critical")
        #expect(try await spend("1", on: investigation, watch, store, clock).isEmpty)
    }

    @Test func aMonthlyBudgetJumpedPastBothThresholdsRecordsBoth() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(monthlyUsd: 10), alerts: AlertConfiguration(), logger: quietLogger)
        let events = try await spend("9.9", on: investigation, watch, store, clock)
        #expect(types(events) == ["budget.threshold-crossed", "alert.raised", "budget.threshold-crossed", "alert.raised"])
        #expect(events.compactMap { $0.payload["period"]?.stringValue } == ["2026-01", "2026-01"])
    }

    @Test func anInvestigationAboveThreeTimesTheMedianRaisesOneCostSpikeAlert() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(), alerts: AlertConfiguration(), logger: quietLogger)
        for cost in ["0.1", "0.1", "0.12", "0.08", "0.1"] {
            #expect(try await spend(cost, on: EntityID.random(), watch, store, clock).isEmpty)
        }
        #expect(try await spend("0.25", on: investigation, watch, store, clock).isEmpty)
        let spike = try await spend("0.1", on: investigation, watch, store, clock)
        #expect(types(spike) == ["alert.raised"])
        #expect(spike[0].payload["kind"] == "cost-spike")
        #expect(try await spend("0.2", on: investigation, watch, store, clock).isEmpty)
    }

    @Test func theSpikeBarFollowsTheTwentyMostRecentInvestigations() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(), alerts: AlertConfiguration(), logger: quietLogger)
        for _ in 0..<25 { _ = try await spend("0.1", on: EntityID.random(), watch, store, clock) }
        for _ in 0..<20 { _ = try await spend("1", on: EntityID.random(), watch, store, clock) }
        // The median of all 45 is 0.1 (a spike above 0.3), but the trailing median is 1 (a spike above 3).
        #expect(try await spend("2", on: investigation, watch, store, clock).isEmpty)
        let spike = try await spend("1.5", on: investigation, watch, store, clock)
        #expect(spike.first?.payload["message"]?.stringValue?.contains("the median $1.00 of 20 others") == true)
    }

    @Test func repeatsWithinFiveMinutesAreDeduplicatedAndTheHourlyLimitIsKept() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let gate = AlertGate(log: store.log, configuration: AlertConfiguration(maxPerHour: 2))
        let first = try gate.decide(kind: .custom, severity: .warning, message: "m", investigationId: investigation, at: clock.now())
        #expect(first.event.type.rawValue == "alert.raised")
        clock.advance(seconds: 299)
        let repeated = try gate.decide(kind: .custom, severity: .warning, message: "m", investigationId: investigation, at: clock.now())
        #expect(repeated.event.type.rawValue == "alert.suppressed" && repeated.event.payload["reason"] == "deduplicated")
        #expect(repeated.event.payload["duplicateOf"] == first.event.payload["alertId"])
        // Another severity is another alert.
        #expect(try gate.decide(kind: .custom, severity: .critical, message: "m", investigationId: investigation, at: clock.now()).raised != nil)
        clock.advance(seconds: 2)
        let limited = try gate.decide(kind: .custom, severity: .warning, message: "m", investigationId: investigation, at: clock.now())
        #expect(limited.event.payload["reason"] == "rate-limited")
        clock.advance(seconds: 3600)
        #expect(try gate.decide(kind: .custom, severity: .warning, message: "m", investigationId: investigation, at: clock.now()).raised != nil)
    }

    @Test func aRestartedGateDedupesAgainstAlertsAlreadyInTheLog() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let before = try AlertGate(log: store.log, configuration: AlertConfiguration())
            .decide(kind: .custom, severity: .info, message: "seeded", investigationId: nil, at: clock.now())
        _ = try await store.log.append(to: TestEvents.stream("alerts-test"), events: [before.event])
        clock.advance(seconds: 60)
        let after = try AlertGate(log: store.log, configuration: AlertConfiguration())
            .decide(kind: .custom, severity: .info, message: "seeded", investigationId: nil, at: clock.now())
        #expect(after.event.payload["reason"] == "deduplicated")
    }

    @Test func aFailedWebhookDeliveryIsLoggedAndTheAlertStillRecorded() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(perInvestigationUsd: 1),
                                alerts: AlertConfiguration(webhookUrl: "http://127.0.0.1:9/unreachable", webhookTimeoutSeconds: 1), logger: quietLogger)
        let events = try await spend("0.9", on: investigation, watch, store, clock)
        #expect(types(events) == ["budget.threshold-crossed", "alert.raised"])
        #expect(events[1].payload["webhook"] == true)
        #expect(try store.log.read(stream: StreamID.investigation(investigation), limit: 10).map(\.type.rawValue).last == "alert.raised")
    }

    @Test func aRaisedAlertIsPostedToTheWebhookAsJSONOnlyOnceTheLogHoldsIt() async throws {
        let clock = TestClock()
        let store = try await IncidentScenario.projectedLog(clock: clock)
        let investigation = self.investigation
        // What the log held when the webhook was called: its request must never run ahead of the log.
        let logged = Locked<[String]>([])
        let server = try OneShotHTTPServer {
            let types = (try? store.log.read(stream: StreamID.investigation(investigation), limit: 10).map(\.type.rawValue)) ?? []
            logged.withLock { $0 = types }
        }
        let watch = BudgetWatch(log: store.log, budgets: BudgetConfiguration(perInvestigationUsd: 1),
                                alerts: AlertConfiguration(webhookUrl: "http://127.0.0.1:\(server.port)/hook"), logger: quietLogger)
        let events = try await spend("0.8", on: investigation, watch, store, clock)
        let request = try #require(server.request())
        #expect(request.hasPrefix("POST /hook HTTP/1.1"))
        #expect(request.contains(#""kind":"budget-threshold""#) && request.contains(events[1].payload["alertId"]?.stringValue ?? "?"))
        #expect(logged.withLock { $0 } == ["usage.recorded", "budget.threshold-crossed", "alert.raised"])
    }

    @Test func badBudgetConfigNamesTheKeyPathAndTheFile() throws {
        let directory = TemporaryDirectory()
        let file = directory.appending("opx.json")
        try Data(#"{"budgets": {"monthlyUsd": -5}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: RuntimeError.self) { try BudgetConfiguration.load(fromConfigFile: file) }
        #expect(error?.description == "\(file): budgets.monthlyUsd must be a positive number")
        try Data(#"{"alerts": {"maxPerHr": 5}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let unknown = #expect(throws: RuntimeError.self) { try AlertConfiguration.load(fromConfigFile: file) }
        #expect(unknown?.description.contains("unknown key alerts.maxPerHr (known keys: dedupWindowSeconds, maxPerHour") == true)
    }
}

extension ProposedEvent {
    /// The payload as JSON (tests only).
    var payload: JSONValue { (try? JSONParser.parse(data)) ?? .null }
}

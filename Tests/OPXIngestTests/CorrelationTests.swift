import OPXEventLog
import OPXEvents
import OPXIngest
import Testing

@Suite("Correlation into incidents")
struct CorrelationTests {
    typealias Scenario = AlertScenario

    @Test("a critical alert opens an incident: detection.fired and incident.opened in the incident's stream")
    func criticalOpens() async throws {
        let harness = try await IngestHarness()
        let response = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "a", service: "checkout",
                                                                               severity: "critical", startSecond: 10).body)
        let incident = try #require(response.incidents.first)
        #expect(incident.actions == ["detected", "opened"])
        #expect(response.appended == 3)
        let fired = try #require(try harness.events(DetectionFired.self).first)
        let opened = try #require(try harness.events(IncidentOpened.self).first)
        #expect(fired.rule == "critical-signal")
        #expect(fired.incidentId == opened.incidentId)
        #expect(opened.severity == .sev1)
        #expect(opened.service == "checkout")
        #expect(opened.detectionId == fired.detectionId)
        #expect(try harness.events().filter { $0.type == IncidentOpened.eventType }.map(\.stream) == [.incident(opened.incidentId)])
    }

    @Test("a webhook's signals and the decisions they call for land in one atomic append")
    func signalsAndDecisionsInOneAppend() async throws {
        let harness = try await IngestHarness()
        let response = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "a", service: "checkout",
                                                                               severity: "critical", startSecond: 10).body)
        let events = try harness.events()
        #expect(events.map(\.type) == [SignalIngested.eventType, DetectionFired.eventType, IncidentOpened.eventType])
        // One append job stamps every record with the same time; a second append would be stamped later.
        #expect(Set(events.map(\.recordedAt)).count == 1)
        #expect(response.lastPosition == events.last?.position)
    }

    @Test("warnings stay candidates until a rule matches; later alerts attach, repeats of one alert do not")
    func candidatesThenBurst() async throws {
        let harness = try await IngestHarness()
        for (index, fingerprint) in ["w1", "w2"].enumerated() {
            _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: fingerprint, service: "search",
                                                                         severity: "warning", startSecond: Int64(index)).body)
        }
        var summary = try await harness.service.correlationSummary()
        #expect(summary.incidents.isEmpty)
        #expect(summary.candidates.map(\.alerts) == [2])
        #expect(summary.candidates.first?.service == "search")
        let third = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "w3", service: "search",
                                                                             severity: "warning", startSecond: 5).body)
        #expect(third.incidents.first?.actions == ["detected", "opened"])
        #expect(try harness.events(DetectionFired.self).first?.rule == "signal-burst")
        let fourth = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "w4", service: "search",
                                                                              severity: "critical", startSecond: 9).body)
        #expect(fourth.incidents.first?.actions == ["joined", "severity SEV3→SEV1"])
        let repeated = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "w4", service: "search", severity: "critical",
                                                                                name: "Other", startSecond: 30).body)
        #expect(repeated.appended == 1)
        #expect(repeated.incidents.isEmpty)
        summary = try await harness.service.correlationSummary()
        #expect(summary.candidates.isEmpty)
        #expect(summary.incidents.map(\.severity) == [.sev1])
        #expect(try harness.events(IncidentSignalAttached.self).count == 1)
    }

    @Test("an incident resolves when all its alerts resolve, and reopens when one fires again")
    func resolveAndReopen() async throws {
        let harness = try await IngestHarness()
        for fingerprint in ["r1", "r2"] {
            _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: fingerprint, service: "payments",
                                                                         severity: "critical", startSecond: 0).body)
        }
        let first = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "r1", service: "payments", severity: "critical",
                                                                             status: "resolved", startSecond: 0, endSecond: 50).body)
        #expect(first.incidents.isEmpty)
        let second = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "r2", service: "payments", severity: "critical",
                                                                              status: "resolved", startSecond: 0, endSecond: 70).body)
        #expect(second.incidents.first?.actions == ["resolved"])
        let resolved = try #require(try harness.events(IncidentResolved.self).first)
        #expect(resolved.reason == .allSignalsResolved)
        #expect(resolved.resolvedAt == Timestamp(nanoseconds: (Scenario.base + 70) * 1_000_000_000))
        let again = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "r1", service: "payments",
                                                                             severity: "critical", startSecond: 100).body)
        #expect(again.incidents.first?.actions == ["opened"])
        #expect(try await harness.service.correlationSummary().incidents.map(\.status) == [.open])
    }

    @Test("shuffled arrival orders give the same incidents, and so does loading the state from the log",
          arguments: [UInt64(1), 2, 3])
    func shuffledOrder(seed: UInt64) async throws {
        let webhooks = Scenario.random(seed: seed)
        var outcomes: [[String: IncidentFold]] = []
        var generator = SplitMix64(seed: seed &* 31)
        for order in 0..<4 {
            let harness = try await IngestHarness()
            let shuffled = order == 0 ? webhooks : webhooks.shuffled(using: &generator)
            for webhook in shuffled { _ = try await harness.ingest(.alertmanager, webhook.body) }
            let fold = try IncidentFold.fold(harness.events())
            outcomes.append(fold)
            let reloaded = IngestService(log: harness.log, rules: .default)
            let before = try await harness.service.correlationSummary()
            let after = try await reloaded.correlationSummary()
            #expect(before.incidents == after.incidents)
            #expect(before.candidates == after.candidates)
            #expect(Set(after.incidents.map { $0.incidentId.description }) == Set(fold.keys))
        }
        #expect(!outcomes[0].isEmpty)
        for outcome in outcomes.dropFirst() { #expect(outcome == outcomes[0]) }
    }

    @Test("a signal appended before a crash, without its decisions, is correlated by the next ingest")
    func catchUpAfterCrash() async throws {
        let harness = try await IngestHarness()
        let signal = SignalIngested(signalId: .random(), source: "alertmanager", fingerprint: "lost", status: .firing,
                                    name: "Down", service: "auth", severity: "critical",
                                    startsAt: Timestamp(nanoseconds: Scenario.base * 1_000_000_000))
        _ = try await harness.log.append(to: StreamID("signals-alertmanager"), events: [ProposedEvent(signal)])
        let fresh = IngestService(log: harness.log, rules: .default)
        let response = try await fresh.ingest(IngestRequest(adapter: .changes, body: Array(#"{"service":"auth","at":"2026-11-24T00:00:00Z"}"#.utf8)))
        #expect(response.incidents.map(\.service) == ["auth"])
        #expect(try harness.events(IncidentOpened.self).first?.signalIds == [signal.signalId])
    }
}

/// An incident as its own stream's events leave it, independently of the correlation code.
struct IncidentFold: Equatable {
    var status = ""
    var severity = ""
    var fingerprints: Set<String> = []

    static func fold(_ events: [RecordedEvent]) throws -> [String: IncidentFold] {
        var fingerprints: [String: String] = [:]
        var incidents: [String: IncidentFold] = [:]
        for event in events {
            let data = try event.json
            let incident = data["incidentId"]?.stringValue ?? ""
            switch event.type.rawValue {
            case "signal.ingested":
                fingerprints[data["signalId"]!.stringValue!] = data["fingerprint"]!.stringValue!
            case "incident.opened":
                incidents[incident, default: IncidentFold()].status = "open"
                incidents[incident]!.severity = data["severity"]!.stringValue!
                for signal in data["signalIds"]?.arrayValue ?? [] { incidents[incident]!.fingerprints.insert(fingerprints[signal.stringValue!]!) }
            case "incident.signal-attached":
                for signal in data["signalIds"]?.arrayValue ?? [] { incidents[incident]!.fingerprints.insert(fingerprints[signal.stringValue!]!) }
            case "incident.severity-changed":
                incidents[incident]!.severity = data["to"]!.stringValue!
            case "incident.resolved":
                incidents[incident]!.status = "resolved"
            default:
                continue
            }
        }
        return incidents
    }
}

@Suite("Concurrent ingest")
struct ConcurrentIngestTests {
    @Test("concurrent, overlapping and repeated webhooks append every alert once and give the sequential incidents")
    func concurrentOverlap() async throws {
        let webhooks = AlertScenario.random(seed: 11)
        let sequential = try await IngestHarness()
        for webhook in webhooks { _ = try await sequential.ingest(.alertmanager, webhook.body) }
        let concurrent = try await IngestHarness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for copy in 0..<3 {
                for (index, webhook) in webhooks.enumerated() where (index + copy) % 2 == 0 || copy == 0 {
                    group.addTask { _ = try await concurrent.ingest(.alertmanager, webhook.body) }
                }
            }
            try await group.waitForAll()
        }
        let ids = try concurrent.events().filter { $0.type == SignalIngested.eventType }.map(\.id)
        #expect(ids.count == Set(ids).count)
        #expect(Set(ids) == Set(try sequential.events().filter { $0.type == SignalIngested.eventType }.map(\.id)))
        #expect(try IncidentFold.fold(concurrent.events()) == (try IncidentFold.fold(sequential.events())))
    }
}

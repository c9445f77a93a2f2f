import OPXEventLog
import OPXStorage
import OPXEvents
import OPXIngest
import Testing

@Suite("Decision events")
struct DecisionEventTests {
    typealias Scenario = AlertScenario

    @Test("every decision event's payload is the catalogue's own encoding of its typed value")
    func payloadsMatchCodable() async throws {
        let harness = try await IngestHarness()
        let steps: [Scenario.Webhook] = [
            Scenario.webhook(fingerprint: "a", service: "pay", severity: "warning", startSecond: 0),
            Scenario.webhook(fingerprint: "b", service: "pay", severity: "warning", startSecond: 1),
            Scenario.webhook(fingerprint: "c", service: "pay", severity: "warning", startSecond: 2),
            Scenario.webhook(fingerprint: "d", service: "pay", severity: "critical", startSecond: 3),
        ] + ["a", "b", "c", "d"].map {
            Scenario.webhook(fingerprint: $0, service: "pay", severity: "warning", status: "resolved", startSecond: 0, endSecond: 60)
        } + [Scenario.webhook(fingerprint: "a", service: "pay", severity: "warning", startSecond: 100)]
        for webhook in steps { _ = try await harness.ingest(.alertmanager, webhook.body) }
        var types: Set<String> = []
        for event in try harness.events() where event.stream.rawValue.hasPrefix("incident-") {
            types.insert(event.type.rawValue)
            let json = try event.json
            switch event.type {
            case DetectionFired.eventType: #expect(json == (try DetectionFired(jsonPayload: json).jsonPayload()))
            case IncidentOpened.eventType: #expect(json == (try IncidentOpened(jsonPayload: json).jsonPayload()))
            case IncidentSignalAttached.eventType: #expect(json == (try IncidentSignalAttached(jsonPayload: json).jsonPayload()))
            case IncidentSeverityChanged.eventType: #expect(json == (try IncidentSeverityChanged(jsonPayload: json).jsonPayload()))
            case IncidentResolved.eventType: #expect(json == (try IncidentResolved(jsonPayload: json).jsonPayload()))
            default: Issue.record("unexpected \(event.type) in \(event.stream)")
            }
        }
        #expect(types == ["detection.fired", "incident.opened", "incident.signal-attached", "incident.severity-changed",
                          "incident.resolved"])
        #expect(try harness.events(IncidentOpened.self).count == 2)
    }

    @Test("an attachment's event id sorts beside its first signal's, so both land on one page of the log's id index")
    func attachmentIdsSitBesideTheirSignals() async throws {
        let harness = try await IngestHarness()
        for (second, fingerprint) in ["a", "b", "c", "d", "e"].enumerated() {
            _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: fingerprint, service: "pay", severity: "warning",
                                                                         startSecond: Int64(second)).body)
        }
        let attachments = try harness.events().filter { $0.type == IncidentSignalAttached.eventType }
        #expect(!attachments.isEmpty)
        for event in attachments {
            let signal = try #require(try IncidentSignalAttached(jsonPayload: try event.json).signalIds.first).uuid
            #expect(event.id != signal && event.id.high == signal.high && event.id.low >> 16 == signal.low >> 16)
        }
    }

    @Test("many concurrent webhooks about one incident record each alert once, every decision after its signal")
    func concurrentOneIncident() async throws {
        let harness = try await IngestHarness()
        let count = 60
        try await withThrowingTaskGroup(of: IngestResponse.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "f\(index)", service: "api", severity: "warning",
                                                                             startSecond: Int64(index)).body)
                }
            }
            for try await response in group { #expect(response.appended >= 1) }
        }
        let events = try harness.events()
        var signalPositions: [String: UInt64] = [:]
        for event in events where event.type == SignalIngested.eventType {
            signalPositions[try SignalIngested(jsonPayload: try event.json).signalId.description] = event.position.rawValue
        }
        var listed: [String] = []
        for event in events where event.stream.rawValue.hasPrefix("incident-") {
            let json = try event.json
            let ids = (json["signalIds"]?.arrayValue ?? []).compactMap(\.stringValue) + [json["signalId"]?.stringValue].compactMap { $0 }
            for id in ids {
                let position = try #require(signalPositions[id])
                #expect(position < event.position.rawValue)
            }
            if event.type != DetectionFired.eventType { listed += ids }
        }
        #expect(listed.count == count)
        #expect(Set(listed) == Set(signalPositions.keys))
        #expect(try harness.events(IncidentOpened.self).count == 1)
    }

    @Test("the alerts that join an incident in one webhook are attached by one event listing them all")
    func oneAttachmentPerIncidentPerWebhook() async throws {
        let harness = try await IngestHarness()
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "open", service: "db", severity: "critical", startSecond: 0).body)
        let joining = ["j3", "j1", "j2", "j5", "j4"].enumerated().map { index, fingerprint in
            Scenario.alert(fingerprint: fingerprint, service: "db", severity: "warning", startSecond: Int64(index + 1))
        }
        let response = try await harness.ingest(.alertmanager, Scenario.body(joining))
        #expect(response.appended == 6)
        #expect(response.incidents.first?.actions == ["joined"])
        let attached = try harness.events(IncidentSignalAttached.self)
        #expect(attached.count == 1)
        #expect(attached.first?.fingerprints == ["j1", "j2", "j3", "j4", "j5"])
        let signals = try harness.events(SignalIngested.self)
        let byFingerprint = Dictionary(uniqueKeysWithValues: signals.map { ($0.fingerprint, $0.signalId) })
        #expect(attached.first?.signalIds == ["j1", "j2", "j3", "j4", "j5"].compactMap { byFingerprint[$0] })
        // The same webhook again appends nothing.
        #expect(try await harness.ingest(.alertmanager, Scenario.body(joining)).appended == 0)
        #expect(try harness.events().count == 9)
    }

    @Test("when an append fails, the requests queued behind it about the same incident fail too, and their retries land")
    func failedAppendFailsTheAppendsBehindIt() async throws {
        let harness = try await IngestHarness()
        let failing = FailingObserver()
        harness.log.addInlineObserver(failing)
        let webhooks = (0..<12).map {
            Scenario.webhook(fingerprint: "q\($0)", service: "queue", severity: "critical", startSecond: Int64($0)).body
        }
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for body in webhooks { group.addTask { (try? await harness.ingest(.alertmanager, body)) == nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == webhooks.count)
        #expect(try harness.events().isEmpty)
        failing.armed.withLock { $0 = false }
        for body in webhooks { #expect(try await harness.ingest(.alertmanager, body).appended >= 1) }
        let types = try harness.events().filter { $0.stream.rawValue.hasPrefix("incident-") }.map(\.type)
        #expect(Array(types.prefix(2)) == [DetectionFired.eventType, IncidentOpened.eventType])
        #expect(try harness.events(SignalIngested.self).count == webhooks.count)
    }

    @Test("decisions beyond the log's batch limit are split over several appends, in order")
    func decisionsSplitAtTheBatchLimit() async throws {
        var limits = AppendLimits()
        limits.maxEventsPerBatch = 4
        let harness = try await IngestHarness(appendLimits: limits)
        // Nine critical signals of nine services appended without their decisions (as a crash would leave them),
        // three per append: each opens an incident (detection.fired + incident.opened), 18 decisions in all.
        let signals = (0..<9).map {
            SignalIngested(signalId: .random(), source: "alertmanager", fingerprint: "late\($0)", status: .firing, name: "Down",
                           service: "db\($0)", severity: "critical", startsAt: Timestamp(nanoseconds: (Scenario.base + Int64($0)) * 1_000_000_000))
        }
        for start in stride(from: 0, to: 9, by: 3) {
            _ = try await harness.log.append(to: StreamID("signals-alertmanager"), events: signals[start..<start + 3].map { try ProposedEvent($0) })
        }
        let fresh = IngestService(log: harness.log, rules: .default)
        let response = try await fresh.ingest(IngestRequest(adapter: .changes, body: Array(#"{"service":"db","at":"2026-11-24T00:00:00Z"}"#.utf8)))
        #expect(response.incidents.count == 9)
        let opened = try harness.events().filter { $0.type == IncidentOpened.eventType }
        #expect(opened.count == 9)
        #expect(Set(try harness.events(IncidentOpened.self).flatMap { $0.signalIds ?? [] }) == Set(signals.map(\.signalId)))
        // Every incident's detection comes before its opening.
        let decisions = try harness.events().filter { $0.stream.rawValue.hasPrefix("incident-") }
        #expect(decisions.count == 18)
        for stream in Set(decisions.map(\.stream)) {
            #expect(decisions.filter { $0.stream == stream }.map(\.type) == [DetectionFired.eventType, IncidentOpened.eventType])
        }
    }
}

/// Fails every append while armed, after its records are written (as a storage error mid-transaction would).
private final class FailingObserver: InlineAppendObserver {
    struct Failure: Error {}
    let armed = Locked(true)

    func appended(_ events: [RecordedEvent], in txn: borrowing WriteTransaction) throws {
        if armed.withLock({ $0 }) { throw Failure() }
    }
}

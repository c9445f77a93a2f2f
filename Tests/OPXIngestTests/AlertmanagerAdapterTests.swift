import OPXEventLog
import OPXEvents
import OPXIngest
import Testing

@Suite("Alertmanager and Grafana adapters")
struct AlertmanagerAdapterTests {
    @Test("every Alertmanager fixture appends one signal per alert, and re-sending it appends nothing")
    func alertmanagerFixtures() async throws {
        let expected = ["alertmanager/blackbox-firing-three-alerts.json": 3,
                        "alertmanager/k8s-resolved-single-alert.json": 1,
                        "alertmanager/msteams-firing-no-alert-status.json": 1,
                        "alertmanager/zulip-firing-single-no-generator-url.json": 1,
                        "alertmanager/zulip-firing-two-alerts.json": 2]
        #expect(Set(try Fixtures.files(in: "alertmanager")) == Set(expected.keys))
        for (path, alerts) in expected {
            let harness = try await IngestHarness()
            let first = try await harness.ingest(.alertmanager, fixture: path)
            let signals = try harness.events(SignalIngested.self)
            #expect(signals.count == alerts, "\(path)")
            #expect(first.status == 200)
            #expect(first.duplicates == 0)
            #expect(first.appended >= alerts)
            let head = try harness.log.head().position
            let again = try await harness.ingest(.alertmanager, fixture: path)
            #expect(again.appended == 0, "\(path)")
            #expect(again.duplicates == alerts, "\(path)")
            #expect(try harness.log.head().position == head, "\(path)")
        }
    }

    @Test("a webhook that repeats some alerts and adds others appends only the new ones")
    func partlyResent() async throws {
        let harness = try await IngestHarness()
        _ = try await harness.ingest(.alertmanager, fixture: "alertmanager/zulip-firing-two-alerts.json")
        let both = try await harness.ingest(.alertmanager, fixture: "alertmanager/blackbox-firing-three-alerts.json")
        var combined = try JSONParser.parse(try Fixtures.bytes("alertmanager/blackbox-firing-three-alerts.json")).objectValue!
        var alerts = combined["alerts"]!.arrayValue!
        alerts.append(contentsOf: try JSONParser.parse(try Fixtures.bytes("alertmanager/zulip-firing-two-alerts.json"))["alerts"]!.arrayValue!)
        combined.set("alerts", .array(alerts))
        let response = try await harness.ingest(.alertmanager, CanonicalJSONWriter.canonicalBytes(.object(combined)))
        #expect(both.duplicates == 0)
        #expect(response.duplicates == 5)
        #expect(response.appended == 0)
        alerts.append(try JSONParser.parse(#"{"labels":{"alertname":"New","service":"x"},"startsAt":"2026-11-24T06:00:00Z"}"#))
        combined.set("alerts", .array(alerts))
        let withNew = try await harness.ingest(.alertmanager, CanonicalJSONWriter.canonicalBytes(.object(combined)))
        #expect(withNew.duplicates == 5)
        #expect(try harness.events(SignalIngested.self).count == 6)
    }

    @Test("a resolved Alertmanager alert keeps its fingerprint, times, severity and service")
    func resolvedAlertFields() async throws {
        let harness = try await IngestHarness()
        _ = try await harness.ingest(.alertmanager, fixture: "alertmanager/k8s-resolved-single-alert.json")
        let signal = try #require(try harness.events(SignalIngested.self).first)
        #expect(signal.source == "alertmanager")
        #expect(signal.status == .resolved)
        #expect(signal.fingerprint == "fbab788ec4c1018b")
        #expect(signal.name == "Deployment")
        #expect(signal.summary == "Kubernetes Deployment Replicas Mismatch")
        #expect(signal.severity == "Warning")
        #expect(signal.service == "eric-pm-kube-state-metrics")
        #expect(signal.startsAt == (try Timestamp(rfc3339: "2022-07-29T11:13:27.3Z")))
        #expect(signal.endsAt == (try Timestamp(rfc3339: "2022-07-29T11:17:27.3Z")))
        #expect(signal.url?.hasPrefix("/metrics/viewer/graph") == true)
    }

    @Test("an alert without status, fingerprint or generatorURL is firing with a fingerprint from its labels")
    func olderAlertShape() async throws {
        let harness = try await IngestHarness()
        _ = try await harness.ingest(.alertmanager, fixture: "alertmanager/msteams-firing-no-alert-status.json")
        let signal = try #require(try harness.events(SignalIngested.self).first)
        #expect(signal.status == .firing)
        #expect(signal.fingerprint.count == 16)
        #expect(signal.endsAt == nil)
        #expect(signal.startsAt == (try Timestamp(rfc3339: "2018-03-07T11:33:21.873077559Z")))
        #expect(signal.service == "docker_nodes")
        #expect(signal.url == nil)
    }

    @Test("every Grafana fixture appends one signal per alert with its values kept")
    func grafanaFixtures() async throws {
        for path in try Fixtures.files(in: "grafana") {
            let harness = try await IngestHarness()
            _ = try await harness.ingest(.grafana, fixture: path)
            let signals = try harness.events(SignalIngested.self)
            #expect(!signals.isEmpty, "\(path)")
            #expect(signals.allSatisfy { $0.source == "grafana" && $0.status == .firing }, "\(path)")
            #expect(signals.allSatisfy { $0.annotations?["values"] != nil || $0.annotations?["valueString"] != nil }, "\(path)")
            let again = try await harness.ingest(.grafana, fixture: path)
            #expect(again.appended == 0 && again.duplicates == signals.count, "\(path)")
        }
    }
}

@Suite("Signal payloads")
struct SignalPayloadTests {
    @Test("the signals adapters append have exactly the payload the Codable form gives")
    func payloadMatchesCodable() async throws {
        let harness = try await IngestHarness()
        for path in try Fixtures.files(in: "alertmanager") + Fixtures.files(in: "grafana") {
            _ = try await harness.ingest(path.hasPrefix("grafana") ? .grafana : .alertmanager, fixture: path)
        }
        _ = try await harness.ingest(.pagerduty, fixture: "pagerduty/docs-trigger.json")
        let recorded = try harness.events().filter { $0.type == SignalIngested.eventType }
        #expect(recorded.count > 10)
        for event in recorded {
            let signal = try SignalIngested(jsonPayload: try event.json)
            #expect(try event.json == (try signal.jsonPayload()))
        }
    }

    @Test("the direct payload of a signal with every field, and with none of the optional ones, is the Codable one")
    func directPayload() throws {
        let full = SignalIngested(
            signalId: .random(), source: "alertmanager", fingerprint: "f", status: .resolved, name: "n", summary: "s",
            service: "svc", severity: "critical", startsAt: Timestamp(nanoseconds: 1_500_000_000),
            endsAt: Timestamp(nanoseconds: 2_000_000_123), externalId: "e", url: "u", labels: ["b": "2", "a": "1"],
            annotations: ["x": "y"])
        #expect(full.payload == (try full.jsonPayload()))
        let minimal = SignalIngested(signalId: .random(), source: "s", fingerprint: "f", status: .firing, name: "n",
                                     startsAt: Timestamp(nanoseconds: 0))
        #expect(minimal.payload == (try minimal.jsonPayload()))
    }
}

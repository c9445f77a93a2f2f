import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OPXEventLog
import OPXEvents
import OPXServer
import Testing

@Suite struct IngestRouteTests {
    /// A shared adapter fixture (the copies kept beside the ingest tests).
    static func fixture(_ path: String) throws -> ByteBuffer {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OPXIngestTests/Fixtures/\(path)")
        return ByteBuffer(bytes: Array(try Data(contentsOf: url)))
    }

    @Test func anAlertmanagerWebhookAppendsItsSignalsAndAResendAppendsNothing() async throws {
        let fixture = try await ServerFixture()
        let body = try Self.fixture("alertmanager/zulip-firing-two-alerts.json")
        try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post,
                                                 headers: ServerFixture.headers(fixture.ingester), body: body)
            #expect(first.status == .ok)
            #expect(first.json["appended"]?.int64Value ?? 0 >= 2)
            let head = try fixture.log.head().position
            let signals = try fixture.log.read(limit: 100).filter { $0.type.rawValue == "signal.ingested" }
            #expect(signals.count == 2)
            let again = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post,
                                                 headers: ServerFixture.headers(fixture.ingester), body: body)
            #expect(again.status == .ok)
            #expect(again.json["duplicates"]?.int64Value == 2)
            #expect(try fixture.log.head().position == head)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(metrics.text.contains(#"opx_ingest_requests_total{adapter="alertmanager"} 2"#))
            #expect(metrics.text.contains(#"opx_ingest_duplicates_total{adapter="alertmanager"} 2"#))
        }
    }

    @Test func everyIngestRequestRecordsItsWaitsAndTheWriterItsJobsAndCommits() async throws {
        let fixture = try await ServerFixture()
        let body = try Self.fixture("alertmanager/zulip-firing-two-alerts.json")
        try await fixture.test { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post,
                                                        headers: ServerFixture.headers(fixture.ingester), body: body)
                #expect(response.status == .ok)
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: ServerFixture.headers(fixture.reader))
            for phase in ["correlation", "order", "commit", "resume"] {
                #expect(metrics.text.contains(#"opx_ingest_wait_seconds_count{phase="\#(phase)"} 2"#), "\(phase)")
            }
            for histogram in ["job_queue_seconds", "job_commit_seconds", "job_resume_seconds", "transaction_seconds", "sync_seconds",
                              "group_jobs", "group_bytes"] {
                #expect(metrics.text.contains("# TYPE opx_writer_\(histogram) histogram\n"), "\(histogram)")
                #expect(metrics.text.contains("opx_writer_\(histogram)_bucket{le=\"+Inf\"} "), "\(histogram)")
            }
        }
    }

    @Test func pagerDutyAnswersAcceptedWithTheDedupKeyOnItsOwnPath() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v2/enqueue", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                                    body: try Self.fixture("pagerduty/docs-trigger.json"))
            #expect(response.status == .accepted)
            #expect(response.json["dedup_key"]?.stringValue?.isEmpty == false)
        }
        #expect(try fixture.log.head().position > .start)
    }

    @Test func badWebhooksGetAClearErrorAndAppendNothing() async throws {
        let fixture = try await ServerFixture { $0.maxBodyBytes = 4096 }
        try await fixture.test { client in
            let headers = ServerFixture.headers(fixture.ingester)
            let unknown = try await client.execute(uri: "/v1/ingest/nagios", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            #expect(unknown.json["error"]?["pointer"]?.stringValue == "adapter")
            let malformed = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post, headers: headers, body: ByteBuffer(string: "{\"alerts\": ["))
            #expect(malformed.status == .badRequest)
            let invalid = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post, headers: headers, body: ByteBuffer(string: "{\"alerts\": 5}"))
            #expect(invalid.status.code == 422 || invalid.status.code == 400)
            #expect(invalid.json["error"]?["pointer"]?.stringValue?.hasPrefix("/alerts") == true)
            let large = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post, headers: headers,
                                                 body: ByteBuffer(string: "{\"x\": \"" + String(repeating: "y", count: 8192) + "\"}"))
            #expect(large.status == .contentTooLarge)
            let forbidden = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post, headers: ServerFixture.headers(fixture.reader),
                                                     body: try Self.fixture("alertmanager/zulip-firing-two-alerts.json"))
            #expect(forbidden.status == .forbidden)
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func aQueryTokenWorksOnlyForAnAdapterTheOperatorEnabledAndTheTokensOwnAdapter() async throws {
        let fixture = try await ServerFixture { $0.queryTokenAdapters = ["grafana"] }
        let grafana = try fixture.tokens.create(name: "grafana-hook", scope: .ingest, adapter: "grafana").token
        let body = try Self.fixture("grafana/docs-current-two-firing-values.json")
        try await fixture.test { client in
            let json = ServerFixture.headers(nil)
            let accepted = try await client.execute(uri: "/v1/ingest/grafana?token=\(grafana)", method: .post, headers: json, body: body)
            #expect(accepted.status == .ok)
            let unbound = try await client.execute(uri: "/v1/ingest/grafana?token=\(fixture.ingester)", method: .post, headers: json, body: body)
            #expect(unbound.status == .forbidden)
            let notEnabled = try await client.execute(uri: "/v1/ingest/alertmanager?token=\(grafana)", method: .post, headers: json,
                                                      body: try Self.fixture("alertmanager/zulip-firing-two-alerts.json"))
            #expect(notEnabled.status == .unauthorized)
            let readRoute = try await client.execute(uri: "/v1/events?token=\(fixture.reader)", method: .get, headers: json)
            #expect(readRoute.status == .unauthorized)
        }
    }
}

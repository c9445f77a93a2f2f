import HTTPTypes
import HummingbirdTesting
import NIOCore
import OPXEventLog
import OPXEvents
import OPXServer
import Testing

@Suite struct QueryRouteTests {
    /// A store with one incident (opened, one signal attached) and one investigation of it.
    static func populated() async throws -> ServerFixture {
        let fixture = try await ServerFixture()
        let body = try IngestRouteTests.fixture("alertmanager/blackbox-firing-three-alerts.json")
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/ingest/alertmanager", method: .post,
                                                    headers: ServerFixture.headers(fixture.ingester), body: body)
            #expect(response.status == .ok)
        }
        return fixture
    }

    @Test func incidentsAreListedFilteredAndReadAtAPointInTime() async throws {
        let fixture = try await Self.populated()
        try await fixture.test { client in
            let headers = ServerFixture.headers(fixture.reader)
            let list = try await client.execute(uri: "/v1/incidents", method: .get, headers: headers)
            #expect(list.status == .ok)
            let incidents = try #require(list.json["incidents"]?.arrayValue)
            try #require(!incidents.isEmpty)
            let id = try #require(incidents[0]["id"]?.stringValue)
            let service = try #require(incidents[0]["service"]?.stringValue)
            let filtered = try await client.execute(uri: "/v1/incidents?service=\(service)&status=open", method: .get, headers: headers)
            #expect(filtered.json["incidents"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == true)
            let none = try await client.execute(uri: "/v1/incidents?service=no-such-service", method: .get, headers: headers)
            #expect(none.json["incidents"]?.arrayValue?.isEmpty == true)
            let now = try await client.execute(uri: "/v1/incidents/\(id)", method: .get, headers: headers)
            #expect(now.status == .ok)
            #expect(now.json["incident"]?["id"]?.stringValue == id)
            let first = try await client.execute(uri: "/v1/incidents/\(id)?at=rev:0", method: .get, headers: headers)
            #expect(first.json["asOf"]?["revision"]?.int64Value == 0)
            let bad = try await client.execute(uri: "/v1/incidents/\(id)?at=yesterday", method: .get, headers: headers)
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"]?["pointer"]?.stringValue == "at")
            let missing = try await client.execute(uri: "/v1/incidents/nope", method: .get, headers: headers)
            #expect(missing.status.code == 404 || missing.status.code == 400)
        }
    }

    @Test func investigationQueriesAnswerEvenWhenThereAreNone() async throws {
        let fixture = try await Self.populated()
        try await fixture.test { client in
            let headers = ServerFixture.headers(fixture.reader)
            let list = try await client.execute(uri: "/v1/investigations?status=running", method: .get, headers: headers)
            #expect(list.status == .ok)
            #expect(list.json["investigations"]?.arrayValue?.isEmpty == true)
            let missing = try await client.execute(uri: "/v1/investigations/0192aaaa-0000-7000-8000-000000000000", method: .get, headers: headers)
            #expect(missing.status == .notFound)
            let checkpoints = try await client.execute(uri: "/v1/investigations/x/checkpoints", method: .get, headers: headers)
            #expect(checkpoints.json["checkpoints"]?.arrayValue?.isEmpty == true)
            let status = try await client.execute(uri: "/v1/status/x", method: .get, headers: headers)
            #expect(status.status == .notFound)
            let usage = try await client.execute(uri: "/v1/usage?by=model", method: .get, headers: headers)
            #expect(usage.status == .ok)
            #expect(usage.json["by"]?.stringValue == "model")
            let badUsage = try await client.execute(uri: "/v1/usage?by=colour", method: .get, headers: headers)
            #expect(badUsage.status == .badRequest)
        }
    }

    @Test func metricsExposeAppendsStatusesWriterAndProjectionLag() async throws {
        let fixture = try await Self.populated()
        try await fixture.test { client in
            _ = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(nil))
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(metrics.status == .ok)
            for name in ["opx_http_responses_total{status=\"401\"} 1", "opx_writer_commits", "opx_writer_group_size_mean",
                         "opx_projection_lag_events{projection=\"incidents\"} 0", "opx_log_head_position", "opx_cost_usd",
                         "opx_ingest_requests_total{adapter=\"alertmanager\"} 1", "opx_map_use_ratio"] {
                #expect(metrics.text.contains(name), "\(name)")
            }
        }
    }

    @Test func theSubscriptionStreamsEventsAsServerSentEventsAndResumesAfterLastEventID() async throws {
        let fixture = try await Self.populated()
        let head = try fixture.log.head().position.rawValue
        try await fixture.test { client in
            let all = try await client.execute(uri: "/v1/subscribe?limit=\(head)", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(all.headers[.contentType] == "text/event-stream")
            let ids = all.text.split(separator: "\n").filter { $0.hasPrefix("id: ") }
            #expect(ids.count == Int(head))
            #expect(ids.first == "id: 1")
            var resume = ServerFixture.headers(fixture.reader)
            resume[.init("Last-Event-ID")!] = "2"
            let rest = try await client.execute(uri: "/v1/subscribe?limit=1", method: .get, headers: resume)
            #expect(rest.text.hasPrefix("id: 3\nevent: "))
            #expect(rest.text.contains("\ndata: {"))
        }
    }

    @Test func theExportStreamsTheLogAsCloudEventsLines() async throws {
        let fixture = try await Self.populated()
        let head = try fixture.log.head().position.rawValue
        try await fixture.test { client in
            let export = try await client.execute(uri: "/v1/export", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(export.status == .ok)
            let events = export.text.split(separator: "\n").filter { $0.contains("\"opxposition\":") }
            #expect(events.count == Int(head))
            #expect(events.allSatisfy { $0.contains("\"opxhash\":") })
            let slice = try await client.execute(uri: "/v1/export?from=2&to=3", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(slice.text.split(separator: "\n").filter { $0.contains("\"opxposition\":") }.count == 2)
            let bad = try await client.execute(uri: "/v1/export?from=3&to=2", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(bad.status == .badRequest)
            let otlp = try await client.execute(uri: "/v1/export?format=otlp", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(otlp.status == .ok)
        }
    }
}

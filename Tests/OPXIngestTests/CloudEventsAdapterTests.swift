import OPXEventLog
import OPXEvents
import OPXIngest
import Testing

@Suite("CloudEvents adapter")
struct CloudEventsAdapterTests {
    static let structured = "application/cloudevents+json"
    static let batch = "application/cloudevents-batch+json"

    @Test("every valid CloudEvents fixture ingests as signals; the invalid one is rejected at /id")
    func fixtures() async throws {
        let expected = ["cloudevents/batch-empty.json": 0,
                        "cloudevents/conformance-batch-minimal-and-all-core.json": 2,
                        "cloudevents/conformance-valid-all-core-attributes.json": 1,
                        "cloudevents/distributed-tracing-traceparent.json": 1,
                        "cloudevents/json-format-json-object-data.json": 1,
                        "cloudevents/json-format-literal-string-no-datacontenttype.json": 1,
                        "cloudevents/json-format-number-data.json": 1,
                        "cloudevents/sequence-extension-event-001.json": 1,
                        "cloudevents/spec-example-xml-string-data.json": 1]
        #expect(Set(try Fixtures.files(in: "cloudevents")) == Set(expected.keys).union(["cloudevents/conformance-invalid-numeric-id.json"]))
        for (path, count) in expected {
            let harness = try await IngestHarness()
            let contentType = path.contains("batch") ? Self.batch : Self.structured
            let response = try await harness.ingest(.cloudevents, fixture: path, contentType: contentType)
            #expect(response.duplicates == 0, "\(path)")
            let signals = try harness.events(SignalIngested.self)
            #expect(signals.count == count, "\(path)")
            #expect(signals.allSatisfy { $0.source == "cloudevents" && $0.status == .firing }, "\(path)")
            let again = try await harness.ingest(.cloudevents, fixture: path, contentType: contentType)
            #expect(again.appended == 0 && again.duplicates == count, "\(path)")
        }
        let harness = try await IngestHarness()
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(.cloudevents, fixture: "cloudevents/conformance-invalid-numeric-id.json", contentType: Self.structured)
        }
        #expect(error?.status == 422 && error?.pointer == "/id")
        #expect(try harness.events().isEmpty)
    }

    @Test("a CloudEvent's attributes land in the signal: type as name, time as start, extensions as labels")
    func signalFields() async throws {
        let harness = try await IngestHarness()
        _ = try await harness.ingest(.cloudevents, fixture: "cloudevents/spec-example-xml-string-data.json")
        let signal = try #require(try harness.events(SignalIngested.self).first)
        #expect(signal.name == "com.github.pull_request.opened")
        #expect(signal.startsAt == (try Timestamp(rfc3339: "2018-04-05T17:31:00Z")))
        #expect(signal.labels?["comexampleextension1"] == "value")
        #expect(signal.labels?["comexampleothervalue"] == "5")
        #expect(signal.annotations?["data"] == #"<much wow="xml"/>"#)
    }

    @Test("binary mode reads ce-* headers and the W3C traceparent; a missing ce-source is rejected")
    func binaryMode() async throws {
        let harness = try await IngestHarness()
        let headers = ["ce-specversion": "1.0", "ce-id": "b-1", "ce-source": "%2Fbilling", "ce-type": "com.example.alert",
                       "ce-time": "2026-11-24T06:00:00Z", "ce-severity": "critical", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01"]
        _ = try await harness.ingest(.cloudevents, Array(#"{"service":"billing","summary":"card declines up"}"#.utf8),
                                     contentType: "application/json", headers: headers)
        let signal = try #require(try harness.events(SignalIngested.self).first)
        #expect(signal.labels?["cesource"] == "/billing")
        #expect(signal.service == "billing")
        #expect(signal.severity == "critical")
        #expect(signal.summary == "card declines up")
        #expect(try harness.events().first?.traceparent?.rawValue == headers["traceparent"])
        var missing = headers
        missing["ce-source"] = nil
        missing["ce-id"] = "b-2"
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(.cloudevents, Array("{}".utf8), contentType: "application/json", headers: missing)
        }
        #expect(error?.pointer == "ce-source")
    }

    @Test("a dev.opx.* CloudEvent appends that opx event to its incident stream; an invalid payload appends nothing")
    func opxEvent() async throws {
        let harness = try await IngestHarness()
        let incident = EntityID.random()
        let event = #"{"specversion":"1.0","id":"m-1","source":"/pager","type":"dev.opx.incident.mitigated","data":{"incidentId":"\#(incident)","mitigatedAt":"2026-11-24T06:10:00Z"}}"#
        let response = try await harness.ingest(.cloudevents, Array(event.utf8), contentType: Self.structured)
        #expect(response.appended == 1)
        let recorded = try #require(try harness.events().first)
        #expect(recorded.type.rawValue == "incident.mitigated")
        #expect(recorded.stream == .incident(incident))
        let bad = #"{"specversion":"1.0","id":"m-2","source":"/pager","type":"dev.opx.incident.mitigated","data":{"incidentId":"nope"}}"#
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(.cloudevents, Array(bad.utf8), contentType: Self.structured)
        }
        #expect(error?.status == 422)
        #expect(try harness.events().count == 1)
    }

    @Test("the specification's invalid events are rejected with the attribute's pointer, nothing appended",
          arguments: [
            (#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#, "/specversion"),
            (#"{"specversion":"1.0","source":"/s","type":"t"}"#, "/id"),
            (#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#, "/id"),
            (#"{"specversion":"1.0","id":"1","type":"t"}"#, "/source"),
            (#"{"specversion":"1.0","id":"1","source":"/s"}"#, "/type"),
            (#"{"id":"1","source":"/s","type":"t"}"#, "/specversion"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"yesterday"}"#, "/time"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":7}"#, "/subject"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":"x","data_base64":"eA=="}"#, "/data_base64"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","Bad-Name":"x"}"#, "/Bad-Name"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","ext":{"a":1}}"#, "/ext"),
            (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","a/b~c":"x"}"#, "/a~1b~0c"),
            (#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"},{"specversion":"1.0","id":2,"source":"/s","type":"t"}]"#, "/1/id"),
          ])
    func invalidEvents(body: String, pointer: String) async throws {
        let harness = try await IngestHarness()
        let contentType = body.hasPrefix("[") ? Self.batch : Self.structured
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(.cloudevents, Array(body.utf8), contentType: contentType)
        }
        #expect(error?.status == 422)
        #expect(error?.pointer == pointer)
        #expect(try harness.events().isEmpty)
    }
}

import OPXEvents
import OPXIngest
import Testing

@Suite("Bad ingest input")
struct BadInputTests {
    @Test("malformed JSON is a 400 naming the byte offset, and nothing is appended", arguments: IngestAdapter.allCases)
    func malformed(adapter: IngestAdapter) async throws {
        let harness = try await IngestHarness()
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(adapter, Array(#"{"alerts": [1,]}"#.utf8))
        }
        #expect(error?.status == 400)
        #expect(error?.message.contains("byte") == true)
        #expect(try harness.events().isEmpty)
    }

    @Test("a content type that is not JSON is a 415", arguments: IngestAdapter.allCases)
    func wrongContentType(adapter: IngestAdapter) async throws {
        let harness = try await IngestHarness()
        let error = await #expect(throws: IngestError.self) {
            try await harness.ingest(adapter, try Fixtures.bytes("alertmanager/zulip-firing-two-alerts.json"),
                                     contentType: "application/x-www-form-urlencoded")
        }
        #expect(error?.status == 415)
        #expect(try harness.events().isEmpty)
    }

    @Test("a body over the size limit is a 413, and so is a body with more events than allowed")
    func oversized() async throws {
        let small = try await IngestHarness(limits: IngestLimits(maxBodyBytes: 512, maxEvents: 2))
        let body = try Fixtures.bytes("alertmanager/zulip-firing-two-alerts.json")
        let tooLarge = await #expect(throws: IngestError.self) { try await small.ingest(.alertmanager, body) }
        #expect(tooLarge?.status == 413)
        let few = try await IngestHarness(limits: IngestLimits(maxEvents: 2))
        let tooMany = await #expect(throws: IngestError.self) {
            try await few.ingest(.alertmanager, fixture: "alertmanager/blackbox-firing-three-alerts.json")
        }
        #expect(tooMany?.status == 413)
        #expect(try small.events().isEmpty && few.events().isEmpty)
    }

    @Test("well-formed JSON that is not the adapter's payload is a 422 naming the field", arguments: [
        (IngestAdapter.alertmanager, #"{"version":"4"}"#, "/alerts"),
        (.alertmanager, #"{"alerts":[{"status":"exploded","labels":{}}]}"#, "/alerts/0/status"),
        (.grafana, #"[]"#, ""),
        (.eventbridge, #"{"detail-type":"CloudWatch Alarm State Change","detail":{"state":{"value":"ALARM"}}}"#, "/detail/alarmName"),
        (.pagerduty, #"{"event_action":"trigger","payload":{"summary":"s","source":"x","severity":"critical"}}"#, "/routing_key"),
        (.pagerduty, #"{"routing_key":"k","event_action":"trigger","payload":{"source":"x"}}"#, "/payload/summary"),
        (.changes, #"{"kind":"deployment"}"#, "/service"),
    ])
    func invalid(adapter: IngestAdapter, body: String, pointer: String) async throws {
        let harness = try await IngestHarness()
        let error = await #expect(throws: IngestError.self) { try await harness.ingest(adapter, Array(body.utf8)) }
        #expect(error?.status == 422)
        #expect(error?.pointer == pointer)
        #expect(try harness.events().isEmpty)
    }

    @Test("an error's JSON body names status, pointer and message")
    func errorBody() throws {
        let error = IngestError(status: 422, pointer: "/alerts", "`alerts` is missing")
        #expect(try JSONParser.parse(error.jsonBody) == ["error": ["message": "`alerts` is missing", "pointer": "/alerts", "status": 422]])
    }
}

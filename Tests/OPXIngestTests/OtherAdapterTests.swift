import OPXEventLog
import OPXEvents
import OPXIngest
import Testing

@Suite("EventBridge, PagerDuty and CI/CD change adapters")
struct OtherAdapterTests {
    @Test("every CloudWatch alarm fixture becomes one firing signal fingerprinted by its alarm ARN")
    func cloudWatchFixtures() async throws {
        for path in try Fixtures.files(in: "cloudwatch") {
            let harness = try await IngestHarness()
            let response = try await harness.ingest(.eventbridge, fixture: path)
            let signal = try #require(try harness.events(SignalIngested.self).first, "\(path)")
            #expect(response.status == 200)
            #expect(signal.source == "cloudwatch")
            #expect(signal.status == .firing)
            #expect(signal.fingerprint.hasPrefix("arn:aws:cloudwatch:us-east-1:123456789012:alarm:"))
            #expect(signal.summary?.isEmpty == false)
            #expect(signal.labels?["region"] == "us-east-1")
            let again = try await harness.ingest(.eventbridge, fixture: path)
            #expect(again.appended == 0 && again.duplicates == 1, "\(path)")
        }
    }

    @Test("an alarm returning to OK resolves with the previous state's time as its start")
    func alarmOK() async throws {
        let harness = try await IngestHarness()
        let body = #"{"version":"0","id":"e1","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch","account":"1","time":"2019-10-02T18:00:00Z","region":"eu-west-1","resources":["arn:aws:cloudwatch:eu-west-1:1:alarm:Cpu"],"detail":{"alarmName":"Cpu","state":{"value":"OK","timestamp":"2019-10-02T18:00:00.000+0000"},"previousState":{"value":"ALARM","timestamp":"2019-10-02T17:04:40.989+0000"}}}"#
        _ = try await harness.ingest(.eventbridge, Array(body.utf8))
        let signal = try #require(try harness.events(SignalIngested.self).first)
        #expect(signal.status == .resolved)
        #expect(signal.startsAt == (try Timestamp(rfc3339: "2019-10-02T17:04:40.989Z")))
        #expect(signal.endsAt == (try Timestamp(rfc3339: "2019-10-02T18:00:00Z")))
    }

    @Test("an EventBridge deployment event becomes change.recorded; an unrelated detail-type is rejected")
    func eventBridgeChange() async throws {
        let harness = try await IngestHarness()
        let deployment = #"{"version":"0","id":"d1","detail-type":"ECS Deployment State Change","source":"aws.ecs","account":"1","time":"2026-11-24T06:00:00Z","region":"eu-west-1","resources":["arn:aws:ecs:eu-west-1:1:service/prod/checkout"],"detail":{"eventType":"INFO","eventName":"SERVICE_DEPLOYMENT_COMPLETED","deploymentId":"ecs-svc/1"}}"#
        _ = try await harness.ingest(.eventbridge, Array(deployment.utf8))
        let change = try #require(try harness.events(ChangeRecorded.self).first)
        #expect(change.kind == .deployment)
        #expect(change.service == "checkout")
        #expect(change.source == "eventbridge")
        let health = #"{"id":"h1","detail-type":"AWS Health Event","source":"aws.health","detail":{}}"#
        await #expect(throws: IngestError.self) { try await harness.ingest(.eventbridge, Array(health.utf8)) }
    }

    @Test("PagerDuty triggers and acknowledgements become signals and get PagerDuty's 202 answer")
    func pagerDutyFixtures() async throws {
        let harness = try await IngestHarness()
        let trigger = try await harness.ingest(.pagerduty, fixture: "pagerduty/openapi-example-trigger-with-links-images.json")
        #expect(trigger.status == 202)
        let answer = try JSONParser.parse(trigger.body)
        #expect(answer == ["dedup_key": "srv01/mysql", "message": "Event processed", "status": "success"])
        _ = try await harness.ingest(.pagerduty, fixture: "pagerduty/docs-trigger.json")
        let ack = try await harness.ingest(.pagerduty, fixture: "pagerduty/docs-acknowledge.json")
        #expect(ack.status == 202)
        let signals = try harness.events(SignalIngested.self)
        #expect(signals.map(\.status) == [.firing, .firing, .acknowledged])
        #expect(signals[0].severity == "critical")
        #expect(signals[0].service == "mysql")
        #expect(signals[0].startsAt == (try Timestamp(rfc3339: "2015-07-17T08:42:58.315Z")))
        #expect(signals[2].fingerprint == "dedupkeyhere")
        let again = try await harness.ingest(.pagerduty, fixture: "pagerduty/docs-trigger.json")
        #expect(again.appended == 0 && again.duplicates == 1)
    }

    @Test("a PagerDuty change event becomes change.recorded; a resolve without dedup_key is rejected")
    func pagerDutyChange() async throws {
        let harness = try await IngestHarness()
        let change = #"{"routing_key":"k","payload":{"summary":"Deploy checkout v2","timestamp":"2026-11-24T06:00:00Z","source":"ci","custom_details":{"service":"checkout","version":"v2"}},"links":[{"href":"https://ci.example.com/1"}]}"#
        let response = try await harness.ingest(.pagerduty, Array(change.utf8))
        #expect(response.status == 202)
        let recorded = try #require(try harness.events(ChangeRecorded.self).first)
        #expect(recorded.kind == .deployment && recorded.service == "checkout" && recorded.version == "v2")
        let resolve = #"{"routing_key":"k","event_action":"resolve"}"#
        let error = await #expect(throws: IngestError.self) { try await harness.ingest(.pagerduty, Array(resolve.utf8)) }
        #expect(error?.pointer == "/dedup_key")
    }

    @Test("CI/CD changes: one object, an array, or {changes: [...]}, keyed by source and id")
    func changes() async throws {
        let harness = try await IngestHarness()
        let one = #"{"service":"checkout","kind":"deployment","at":"2026-11-24T06:00:00Z","version":"v1.4.2","previousVersion":"v1.4.1","environment":"production","author":"alice","source":"GitHub Actions","id":"run-1","extra":true}"#
        let first = try await harness.ingest(.changes, Array(one.utf8))
        #expect(first.appended == 1)
        let many = #"{"changes":[{"service":"checkout","id":"run-1","source":"GitHub Actions","kind":"deployment","at":"2026-11-24T06:00:00Z","version":"v1.4.2","previousVersion":"v1.4.1","environment":"production","author":"alice","extra":true},{"service":"payments","kind":"feature-flag","at":1790000000}]}"#
        let second = try await harness.ingest(.changes, Array(many.utf8))
        #expect(second.appended == 1 && second.duplicates == 1)
        let recorded = try harness.events(ChangeRecorded.self)
        #expect(recorded.map(\.service) == ["checkout", "payments"])
        #expect(recorded[0].source == "github-actions")
        #expect(recorded[1].kind == .featureFlag)
        let bad = #"[{"service":"x","kind":"launch"}]"#
        let error = await #expect(throws: IngestError.self) { try await harness.ingest(.changes, Array(bad.utf8)) }
        #expect(error?.pointer == "/0/kind" && error?.status == 422)
    }
}

import Foundation
import OPXEventLog
import OPXEvents
import OPXIngest
import Testing

@Suite("Correlation state retention")
struct CorrelationRetentionTests {
    typealias Scenario = AlertScenario

    /// Rules keeping two windows behind the latest (the default window is 300 s).
    static let rules = DetectionRules(retainWindows: 2)

    /// A harness whose window 0 holds an incident of `cart` opened by a critical alert and resolved.
    static func closedIncident() async throws -> IngestHarness {
        let harness = try await IngestHarness(rules: rules)
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "c1", service: "cart", severity: "critical", startSecond: 10).body)
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "c1", service: "cart", severity: "critical",
                                                                     status: "resolved", startSecond: 10, endSecond: 40).body)
        return harness
    }

    @Test("closed groups behind the horizon are dropped, open incidents stay, and a reload agrees")
    func closedGroupsExpire() async throws {
        let harness = try await Self.closedIncident()
        // Window 0 also gets a candidate (a warning, no rule met).
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "w1", service: "mail", severity: "warning", startSecond: 20).body)
        // Window 1: an incident left open.
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "o1", service: "auth", severity: "critical", startSecond: 310).body)
        var summary = try await harness.service.correlationSummary()
        #expect(summary.incidents.map(\.service) == ["cart", "auth"])
        #expect(summary.candidates.map(\.service) == ["mail"])

        // Window 10 moves the horizon past windows 0 and 1.
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "n1", service: "cart", severity: "warning", startSecond: 3000).body)
        summary = try await harness.service.correlationSummary()
        #expect(summary.incidents.map(\.service) == ["auth"])
        #expect(summary.candidates.map(\.service) == ["cart"])
        let reloaded = try await IngestService(log: harness.log, rules: Self.rules).correlationSummary()
        #expect(reloaded.incidents == summary.incidents)
        #expect(reloaded.candidates == summary.candidates)
    }

    @Test("a late signal of a dropped group is recorded but not correlated; one of an open incident still attaches")
    func lateSignals() async throws {
        let harness = try await Self.closedIncident()
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "o1", service: "auth", severity: "critical", startSecond: 20).body)
        _ = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "n1", service: "cart", severity: "warning", startSecond: 3000).body)

        let refire = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "c1", service: "cart", severity: "critical",
                                                                              startSecond: 100).body)
        #expect(refire.appended == 1)
        #expect(refire.incidents.isEmpty)
        let attach = try await harness.ingest(.alertmanager, Scenario.webhook(fingerprint: "o2", service: "auth", severity: "warning",
                                                                              startSecond: 30).body)
        #expect(attach.incidents.first?.actions == ["joined"])
        #expect(try harness.events(IncidentOpened.self).count == 2)
    }

    @Test("the retention is configurable and checked")
    func retentionConfig() throws {
        let decoded = try JSONDecoder().decode(DetectionRules.self, from: Data(#"{"retainWindows": 12}"#.utf8))
        #expect(decoded.retainWindows == 12)
        #expect(DetectionRules.default.retainWindows == 288)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DetectionRules.self, from: Data(#"{"retainWindows": 0}"#.utf8)) }
    }
}

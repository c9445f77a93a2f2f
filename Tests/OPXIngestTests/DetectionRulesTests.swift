import Foundation
import OPXEvents
import OPXIngest
import OPXTesting
import Testing

@Suite("Detection configuration")
struct DetectionRulesTests {
    let directory = TemporaryDirectory(prefix: "opx-detection")

    private func load(_ text: String) throws(DetectionConfigError) -> DetectionRules {
        let path = directory.appending("opx.json")
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return try DetectionRules.load(fromConfigFile: path)
    }

    @Test("a file without a detection section, or an empty one, gives the documented defaults")
    func defaults() throws {
        #expect(try load(#"{"server":{"port":7420}}"#) == .default)
        #expect(try load(#"{"detection":{}}"#) == .default)
        #expect(DetectionRules.default.windowSeconds == 300)
        #expect(DetectionRules.default.rules.map(\.name) == ["critical-signal", "signal-burst"])
    }

    @Test("configured values replace the defaults; severity words map case-insensitively over the built-in map")
    func configured() throws {
        let rules = try load(#"{"detection":{"windowSeconds":60,"severityMap":{"Disaster":"SEV2","P9":"SEV4"},"defaultSeverity":"SEV4","rules":[{"name":"any","services":["checkout"]}]}}"#)
        #expect(rules.windowSeconds == 60)
        #expect(rules.severity(of: "DISASTER") == .sev2)
        #expect(rules.severity(of: "p9") == .sev4)
        #expect(rules.severity(of: "critical") == .sev1)
        #expect(rules.severity(of: "whatever") == .sev4)
        #expect(rules.severity(of: nil) == .sev4)
        #expect(rules.rules == [DetectionRule(name: "any", minSignals: 1, services: ["checkout"])])
    }

    @Test("unknown keys and bad values are errors naming the file and the key path", arguments: [
        (#"{"detection":{"window":60}}"#, "detection.window: unknown key"),
        (#"{"detection":{"rules":[{"name":"x","minSeverity":"SEV9"}]}}"#, "detection.rules[0].minSeverity"),
        (#"{"detection":{"rules":[{"minSignals":2}]}}"#, "detection.rules[0].name: required key"),
        (#"{"detection":{"windowSeconds":0}}"#, "detection.windowSeconds: windowSeconds must be between 1 and 86400"),
        (#"{"detection":{"rules":[{"name":"x","minSignals":0}]}}"#, "detection.rules[0].minSignals"),
        (#"{"detection":{"defaultSeverity":3}}"#, "detection.defaultSeverity"),
    ])
    func invalid(text: String, expected: String) throws {
        let error = #expect(throws: DetectionConfigError.self) { try load(text) }
        #expect(error?.description.hasPrefix(directory.appending("opx.json") + ": ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test("a rule can be limited to services, and to alerts of a minimum severity")
    func ruleWithServices() async throws {
        let rules = DetectionRules(rules: [DetectionRule(name: "checkout-only", minSignals: 1, services: ["checkout"])])
        let harness = try await IngestHarness(rules: rules)
        let other = try await harness.ingest(.alertmanager, AlertScenario.webhook(fingerprint: "o", service: "search", severity: "critical", startSecond: 0).body)
        #expect(other.incidents.isEmpty)
        let checkout = try await harness.ingest(.alertmanager, AlertScenario.webhook(fingerprint: "c", service: "checkout", severity: "info", startSecond: 0).body)
        #expect(checkout.incidents.map(\.service) == ["checkout"])
        #expect(try harness.events(DetectionFired.self).map(\.rule) == ["checkout-only"])
    }
}

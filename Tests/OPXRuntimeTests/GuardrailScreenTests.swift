import Foundation
import OPXEvents
import OPXRuntime
import Testing

/// Guardrails with canary values of every kind, near-misses that must not match, actions per config.
@Suite struct GuardrailScreenTests {
    static let canaries: [(GuardrailViolated.Kind, String)] = [
        (.email, "canary.person@example.com"),
        (.phone, "+1 415 555 0142"),
        (.phone, "(415) 555-0199"),
        (.cardNumber, "4111 1111 1111 1111"),
        (.cardNumber, "5500-0000-0000-0004"),
        (.ipAddress, "10.24.8.17"),
        (.ipAddress, "2001:db8:85a3::8a2e:370:7334"),
        (.cloudAccessKey, "AKIAIOSFODNN7CANARY1"),
        (.cloudAccessKey, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1"),
        (.privateKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIEcanaryKEYmaterial\n-----END RSA PRIVATE KEY-----"),
        (.bearerToken, "Bearer canaryTokenValue1234567890"),
        (.bearerToken, "ghp_canary0123456789abcdefghijklmnopqrstuv"),
        (.jwt, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5"),
        (.passwordInURL, "postgres://admin:hunter2canary@db.internal:5432/shop"),
    ]

    static let nearMisses = [
        "card 4111 1111 1111 1112 fails Luhn",
        "release v1.2.3.4 and build 1.2.3.4.5",
        "opened at 2026-11-24T10:38:02Z, 10:38:02 local",
        "incident 6f1c2c8e-0000-4000-8000-000000000001",
        "checkout v2.4.1 returned HTTP 503 at p99 1200 ms on port 5432",
        "ratio 3:2:1 and order 20261124",
        "mailto is admin at example dot com",
    ]

    @Test(arguments: canaries.indices)
    func everyCanaryIsFoundAndNeverAppearsInTheResultOrTheViolations(_ index: Int) throws {
        let (kind, canary) = Self.canaries[index]
        let document: JSONValue = ["summary": .string("see \(canary) now"), "evidence": [["summary": .string(canary)]]]
        let screened = GuardrailScreen().screen(document, agent: .signalIntelligence, step: "signal-intelligence")
        let violation = try #require(screened.violations.first { $0.kind == kind }, "\(kind) not detected in \(canary)")
        #expect(violation.fields == ["/evidence/0/summary", "/summary"])
        #expect(violation.count == 2)
        #expect(violation.action == (GuardrailConfiguration.defaultActions[kind] == .block ? .blocked : .redacted))
        #expect(screened.blocked == (violation.action == .blocked))
        let text = String(decoding: CanonicalJSONWriter.canonicalBytes(screened.document), as: UTF8.self)
        #expect(text.contains("[redacted:\(kind.rawValue)]"))
        let recorded = try screened.violations.map { String(decoding: CanonicalJSONWriter.canonicalBytes(try $0.jsonPayload()), as: UTF8.self) }.joined()
        for part in Self.sensitiveParts(canary) {
            #expect(!text.contains(part), "\(part) survived in the document")
            #expect(!recorded.contains(part), "\(part) appears in a violation")
        }
    }

    @Test(arguments: nearMisses)
    func nearMissesAreLeftAlone(_ text: String) {
        let screened = GuardrailScreen().screen(["summary": .string(text)], agent: .signalIntelligence, step: "s")
        #expect(screened.violations.isEmpty, "matched: \(screened.violations.map(\.kind))")
        #expect(screened.document == ["summary": .string(text)])
    }

    @Test func destructiveCommandsInARecommendationWarnWithoutChangingTheDocument() {
        let document: JSONValue = [
            "summary": "rm -rf is only mentioned here",
            "recommendations": [["action": "Clean up", "commands": ["rm -rf /var/lib/app", "kubectl delete namespace shop", "psql -c 'DROP TABLE orders'"]]],
        ]
        let screened = GuardrailScreen().screen(document, agent: .responseStrategy, step: "response-strategy")
        #expect(!screened.blocked)
        #expect(screened.document == document)
        #expect(screened.violations.map(\.rule) == ["kubectl-delete-namespace", "rm-recursive-force", "sql-drop"])
        #expect(screened.violations.allSatisfy { $0.kind == .destructiveCommand && $0.action == .warned && $0.location == .recommendation })
        #expect(screened.violations.first { $0.rule == "sql-drop" }?.fields == ["/recommendations/0/commands/2"])
    }

    @Test func configuredActionsOverrideTheDefaults() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opx-guardrails-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("opx.json")
        try Data(#"{"guardrails": {"actions": {"email": "block", "ip-address": "off"}, "destructiveCommands": "block"}}"#.utf8).write(to: file)
        let screen = GuardrailScreen(configuration: try GuardrailConfiguration.load(fromConfigFile: file.path))
        let screened = screen.screen(["a": "mail a@example.org from 10.0.0.1", "recommendations": [["commands": ["terraform destroy"]]]],
                                     agent: .responseStrategy, step: "s")
        #expect(screened.blocked)
        #expect(screened.violations.map(\.kind) == [.email, .destructiveCommand])
        #expect(screened.document["a"] == "mail [redacted:email] from 10.0.0.1")
        try Data(#"{"guardrails": {"actions": {"emial": "block"}}}"#.utf8).write(to: file)
        let error = #expect(throws: RuntimeError.self) { try GuardrailConfiguration.load(fromConfigFile: file.path) }
        #expect(error?.description.contains("guardrails.actions.emial is an unknown kind; known kinds: bearer-token") == true)
        #expect(error?.description.contains(file.path) == true)
    }

    /// The parts of a canary that must never survive (long runs of its letters and digits; a URL's host is not secret).
    static func sensitiveParts(_ canary: String) -> [String] {
        [canary] + canary.split(whereSeparator: { " :/@=-\n()+".contains($0) }).map(String.init).filter { $0.count >= 6 && !["PRIVATE", "postgres", "db.internal"].contains($0) }
    }
}

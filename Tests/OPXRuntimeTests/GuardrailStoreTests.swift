import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXTesting
import Testing

/// Screened outputs and their violations recorded in a real store: no canary reaches the LMDB files.
@Suite struct GuardrailStoreTests {
    @Test func noCanaryReachesTheDataDirectoryWhenOutputsAreScreenedBeforeAppend() async throws {
        let scenario = try await IncidentScenario()
        let investigation = EntityID.random()
        let canaries = GuardrailScreenTests.canaries.map(\.1)
        let screen = GuardrailScreen(configuration: GuardrailConfiguration(actions: Dictionary(uniqueKeysWithValues:
            GuardrailConfiguration.defaultActions.keys.map { ($0, .redact) })))
        for (index, canary) in canaries.enumerated() {
            let document: JSONValue = ["agent": "signal-intelligence", "summary": .string("value \(canary) seen"),
                                       "recommendations": [["action": .string("call \(canary)"), "commands": ["rm -rf /tmp/x"]]]]
            let screened = screen.screen(document, agent: .signalIntelligence, step: "signal-intelligence")
            #expect(!screened.blocked && !screened.violations.isEmpty)
            var events = [try ProposedEvent(AgentOutputRecorded(investigationId: investigation, agent: .signalIntelligence,
                                                                step: "signal-intelligence", attempt: index + 1,
                                                                outputSchema: "opx:agent/signal-intelligence/v1",
                                                                output: try #require(screened.document.objectValue), redacted: true))]
            for var violation in screened.violations {
                violation.investigationId = investigation
                violation.attempt = index + 1
                events.append(try ProposedEvent(violation))
            }
            _ = try await scenario.log.append(to: StreamID.investigation(investigation), events: events)
        }
        scenario.log.close()
        let files = try FileManager.default.contentsOfDirectory(atPath: scenario.store.path)
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scenario.store.path).appendingPathComponent(file))
            for canary in canaries {
                for part in GuardrailScreenTests.sensitiveParts(canary) {
                    #expect(bytes.range(of: Data(part.utf8)) == nil, "\(part) found in \(file)")
                }
            }
        }
    }
}

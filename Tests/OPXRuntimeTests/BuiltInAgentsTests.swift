import OPXEvents
import OPXRuntime
import Testing

/// The built-in agents against a real log: valid documents, real evidence, deterministic output.
@Suite struct BuiltInAgentsTests {
    @Test func everyBuiltInAgentWritesASchemaValidDocumentCitingRealEvidence() async throws {
        let scenario = try await IncidentScenario()
        let agents = BuiltInAgents.make(tools: scenario.tools())
        var upstream: [AgentName: JSONValue] = [:]
        for name in AgentName.analysisAgents where agents[name] != nil {
            let agent = try #require(agents[name], "missing agent \(name)")
            #expect(agent.runner == .builtin)
            let result = try await agent.run(scenario.input(name, upstream: upstream))
            try EventRegistry().validateAgentOutput(result.document, schemaID: "opx:agent/\(name.rawValue)/v1")
            let evidence = result.document["evidence"]?.arrayValue ?? []
            #expect(!evidence.isEmpty, "\(name) cites no evidence")
            let ids = Set(evidence.compactMap { $0["id"]?.stringValue })
            for finding in result.document["findings"]?.arrayValue ?? [] {
                for cited in finding["evidence"]?.arrayValue ?? [] { #expect(ids.contains(cited.stringValue ?? ""), "\(name) cites unknown \(cited)") }
            }
            #expect(!result.toolCalls.isEmpty && result.toolCalls.allSatisfy { $0.itemCount <= 20 })
            upstream[name] = result.document
        }
    }

    @Test func signalIntelligenceGroupsRepeatedAlertsAndNamesThePrimaryService() async throws {
        let scenario = try await IncidentScenario()
        let agent = SignalIntelligenceAgent(tools: scenario.tools())
        let result = try await agent.run(scenario.input(.signalIntelligence))
        let output = try SignalIntelligenceOutput(jsonPayload: result.document)
        #expect(output.primaryService == "checkout")
        #expect(output.signalGroups.map(\.count).sorted() == [1, 2])
        #expect(output.signalGroups.first { $0.name == "CheckoutHighErrorRate" }?.severity == .sev1)
        let cited = Set(output.evidence.filter { $0.kind == .signal }.map(\.ref))
        #expect(cited == Set(scenario.signalIds.map(\.description)))
        let again = try await agent.run(scenario.input(.signalIntelligence))
        #expect(again.document == result.document)
    }

    @Test func anUnknownIncidentFailsTheAttemptWithAClearMessage() async throws {
        let scenario = try await IncidentScenario()
        var input = scenario.input(.signalIntelligence)
        input.incidentId = EntityID.random()
        let error = await #expect(throws: ToolError.self) { try await SignalIntelligenceAgent(tools: scenario.tools()).run(input) }
        #expect(error?.description.contains("is not in the incidents projection") == true)
    }
}

import OPXEvents
import OPXRuntime
import Testing

/// The built-in agents against a real log: valid documents, real evidence, deterministic output.
@Suite struct BuiltInAgentsTests {
    @Test func everyBuiltInAgentWritesASchemaValidDocumentCitingRealEvidence() async throws {
        let scenario = try await IncidentScenario()
        let agents = BuiltInAgents.make(tools: scenario.tools())
        var upstream: [AgentName: JSONValue] = [:]
        #expect(Set(agents.keys) == Set(AgentName.analysisAgents))
        for name in AgentName.analysisAgents {
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

    @Test func historicalPatternFindsTheResolvedPastIncidentAndItsFix() async throws {
        let scenario = try await IncidentScenario()
        let result = try await HistoricalPatternAgent(tools: scenario.tools()).run(scenario.input(.historicalPattern))
        let output = try HistoricalPatternOutput(jsonPayload: result.document)
        let top = try #require(output.similarIncidents.first)
        #expect(top.incidentId == scenario.pastIncidentId && top.similarity == 0.88)
        #expect(top.resolution == "Rolled back checkout to the previous release")
        #expect(output.recommendations?.first?.action.contains("Rolled back checkout") == true)
    }

    @Test func changeIntelligenceRanksTheRecentDeploymentAboveTheDependencyConfigChange() async throws {
        let scenario = try await IncidentScenario()
        let result = try await ChangeIntelligenceAgent(tools: scenario.tools()).run(scenario.input(.changeIntelligence))
        let output = try ChangeIntelligenceOutput(jsonPayload: result.document)
        #expect(output.suspectChanges.map(\.changeId) == [scenario.deploymentId, scenario.configChangeId])
        #expect(output.suspectChanges[0].suspicion > output.suspectChanges[1].suspicion)
        #expect(output.recommendations?.first?.commands == ["kubectl rollout undo deployment/checkout"])
        #expect(output.recommendations?.first?.action == "Roll back checkout to v2.4.0")
    }

    @Test func riskBlastRadiusWalksDependentsTransitivelyAndFlagsCustomerFacingOnes() async throws {
        let scenario = try await IncidentScenario()
        let result = try await RiskBlastRadiusAgent(tools: scenario.tools()).run(scenario.input(.riskBlastRadius))
        let output = try RiskBlastRadiusOutput(jsonPayload: result.document)
        #expect(output.blastRadius.impactedServices.map(\.service) == ["mobile-api", "web"])
        #expect(output.blastRadius.riskLevel == .critical)
        #expect(output.evidence.contains { $0.kind == .dependency && $0.ref == "web" })
    }

    @Test func knowledgeRunbookCitesTheDeployRunbookSectionsFirst() async throws {
        let scenario = try await IncidentScenario()
        let result = try await KnowledgeRunbookAgent(tools: scenario.tools()).run(scenario.input(.knowledgeRunbook))
        let output = try KnowledgeRunbookOutput(jsonPayload: result.document)
        #expect(output.runbookSections.first?.file == "error-rate-after-deploy.md")
        #expect(output.evidence.contains { $0.citation == "error-rate-after-deploy.md#roll-back" })
        #expect(output.recommendations?.contains { $0.commands == ["kubectl rollout undo deployment/checkout"] } == true)
    }

    @Test func responseStrategyPutsTheRollbackFirstAndNamesTheCandidate() async throws {
        let scenario = try await IncidentScenario()
        let agents = BuiltInAgents.make(tools: scenario.tools())
        var upstream: [AgentName: JSONValue] = [:]
        for name in AgentName.analysisAgents.dropLast() { upstream[name] = try await agents[name]!.run(scenario.input(name)).document }
        let result = try await agents[.responseStrategy]!.run(scenario.input(.responseStrategy, upstream: upstream))
        let output = try ResponseStrategyOutput(jsonPayload: result.document)
        #expect(output.urgency == .immediate)
        #expect(output.rollbackCandidate == scenario.deploymentId)
        #expect(output.recommendations.first?.action == "Roll back checkout to v2.4.0")
        #expect(output.evidence.contains { $0.kind == .change && $0.ref == scenario.deploymentId.description })
        // Without upstream outputs it still gives a cited, valid recommendation.
        let alone = try await agents[.responseStrategy]!.run(scenario.input(.responseStrategy))
        #expect(try ResponseStrategyOutput(jsonPayload: alone.document).recommendations.count == 1)
    }

    @Test func anIncidentWithManySignalsIsReadTwentyAtATimeAndSaysSo() async throws {
        let scenario = try await IncidentScenario()
        for index in 0..<30 { try await scenario.attachSignal(name: "TargetResponseTime", service: "checkout", fingerprint: "fp-\(index)") }
        let result = try await SignalIntelligenceAgent(tools: scenario.tools()).run(scenario.input(.signalIntelligence))
        let output = try SignalIntelligenceOutput(jsonPayload: result.document)
        #expect(output.evidence.filter { $0.kind == .signal }.count == 20)
        #expect(result.toolCalls.first { $0.name == "incident.signals" }?.itemCount == 20)
        #expect(output.summary.contains("The first 20 of 33 attached signals were read."))
    }

    @Test func signalsAboutAnUnknownServiceAreReportedButNotNamedAsServices() async throws {
        let scenario = try await IncidentScenario()
        for _ in 0..<5 { try await scenario.attachSignal(name: "UnHealthyHostCount", service: "edge-lb", fingerprint: "lb-unhealthy") }
        let result = try await SignalIntelligenceAgent(tools: scenario.tools()).run(scenario.input(.signalIntelligence))
        let output = try SignalIntelligenceOutput(jsonPayload: result.document)
        #expect(output.findings.first?.title == "Signals point at edge-lb")
        #expect(output.primaryService == "checkout")
        #expect(!output.services.contains("edge-lb") && output.findings.allSatisfy { !($0.services ?? []).contains("edge-lb") })
        #expect(output.signalGroups.contains { $0.service == "edge-lb" && $0.count == 5 })
    }
}

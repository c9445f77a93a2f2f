import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXRuntime
import OPXTesting
import Testing

/// The evidence projection over real agent outputs, and `opx evidence` on the resulting store.
@Suite struct EvidenceTests {
    let investigation = EntityID("6f1c2c8e-0000-4000-8000-0000000000aa")!

    /// Runs the six agents on the scenario and records their outputs (and a consensus reusing response strategy's
    /// recommendations) as the engine would.
    func investigate(_ scenario: IncidentScenario) async throws {
        let agents = BuiltInAgents.make(tools: scenario.tools())
        var upstream: [AgentName: JSONValue] = [:]
        for name in AgentName.analysisAgents {
            let document = try await agents[name]!.run(scenario.input(name, upstream: upstream)).document
            upstream[name] = document
            try await scenario.append("investigation-\(investigation)", AgentOutputRecorded(
                investigationId: investigation, agent: name, step: name.rawValue, attempt: 1,
                outputSchema: "opx:agent/\(name.rawValue)/v1", output: try #require(document.objectValue)))
        }
        let strategy = try #require(upstream[.responseStrategy]?.objectValue)
        var consensus = JSONObject()
        for key in ["evidence", "recommendations", "summary"] { consensus.set(key, strategy[key]!) }
        consensus.set("agent", "consensus")
        try await scenario.append("investigation-\(investigation)", ConsensusReached(
            investigationId: investigation, incidentId: scenario.incidentId, outputSchema: "opx:agent/consensus/v1",
            output: consensus, degraded: false))
    }

    @Test func theBundleHoldsWhatAgentsCitedAndTheGraphLinksClaimsToIt() async throws {
        let scenario = try await IncidentScenario()
        try await investigate(scenario)
        let projection = EvidenceProjection()
        let (items, claims) = try ProjectionStore(log: scenario.log).read([projection]) { r in
            (try r.scan(projection.name, prefix: "bundle/\(investigation)/", as: EvidenceItemRow.self),
             try r.scan(projection.name, prefix: "claim/\(investigation)/", as: EvidenceClaimRow.self).map(\.row))
        }
        let deployment = EvidenceProjection.itemKey(kind: "change", ref: scenario.deploymentId.description, citation: nil)
        let item = try #require(items.first { $0.key == "bundle/\(investigation)/\(deployment)" }?.row)
        #expect(item.citedBy == ["change-intelligence", "consensus", "response-strategy"])
        for signal in scenario.signalIds {
            #expect(items.contains { $0.row.kind == "signal" && $0.row.ref == signal.description })
        }
        #expect(items.contains { $0.row.citation == "error-rate-after-deploy.md#roll-back" })
        #expect(items.contains { $0.row.kind == "incident" && $0.row.ref == scenario.pastIncidentId.description })
        let recommendation = try #require(claims.first { $0.agent == "consensus" && $0.id == "R1" })
        #expect(recommendation.type == "recommendation" && recommendation.text == "Roll back checkout to v2.4.0")
        #expect(recommendation.evidence == [deployment])
        #expect(claims.allSatisfy { !$0.evidence.isEmpty })
    }

    @Test func opxEvidenceShowsTheBundleAndGraphAsTextAndJSON() async throws {
        let scenario = try await IncidentScenario()
        try await investigate(scenario)
        let text = try OPXCommand.run(["evidence", investigation.description, "--data", scenario.store.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("cited by 7 agents"))
        #expect(text.stdout.contains("consensus R1 [recommendation] Roll back checkout to v2.4.0"))
        #expect(text.stdout.contains("← change \(scenario.deploymentId)"))
        let json = try OPXCommand.run(["evidence", investigation.description, "--data", scenario.store.path, "--json"])
        let document = try JSONParser.parse(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(document["investigationId"]?.stringValue == investigation.description)
        #expect((document["bundle"]?.arrayValue?.count ?? 0) > 5)
        let missing = try OPXCommand.run(["evidence", EntityID.random().description, "--data", scenario.store.path])
        #expect(missing.status != 0 && missing.stderr.contains("no evidence recorded for investigation"))
    }
}

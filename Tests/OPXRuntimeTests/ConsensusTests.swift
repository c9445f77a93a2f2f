import OPXEvents
import OPXRuntime
import Testing

@Suite struct ConsensusTests {
    static let agents: [AgentName] = AgentName.analysisAgents

    static func outputs(order: [AgentName]) -> [AgentName: JSONValue] {
        var outputs: [AgentName: JSONValue] = [:]
        for agent in order { outputs[agent] = RuntimeFixtures.document(agent.rawValue) }
        return outputs
    }

    @Test func sameOutputsInAnyOrderGiveTheSameDocument() throws {
        let forward = try Consensus.decide(outputs: Self.outputs(order: Self.agents), failed: [], quorum: 4).get()
        let orders = (0..<Self.agents.count).map { Array(Self.agents[$0...] + Self.agents[..<$0]) } + [Self.agents.reversed()]
        for order in orders {
            let shuffled = try Consensus.decide(outputs: Self.outputs(order: order), failed: [], quorum: 4).get()
            #expect(CanonicalJSONWriter.canonicalBytes(try shuffled.jsonPayload()) == CanonicalJSONWriter.canonicalBytes(try forward.jsonPayload()))
        }
    }

    @Test func theDocumentFollowsTheConsensusSchema() throws {
        let consensus = try Consensus.decide(outputs: Self.outputs(order: Self.agents), failed: [], quorum: 4).get()
        try EventRegistry().validateAgentOutput(try consensus.jsonPayload(), schemaID: ConsensusOutput.schemaID)
        #expect(consensus.recommendation.evidence.allSatisfy { id in consensus.evidence.contains { $0.id == id } })
        #expect(consensus.evidence.allSatisfy { $0.id.contains(":") })
    }

    @Test func failedAgentsMakeItDegradedAndBelowQuorumThereIsNone() throws {
        let partial = Self.outputs(order: Array(Self.agents.prefix(4)))
        let degraded = try Consensus.decide(outputs: partial, failed: [.knowledgeRunbook, .responseStrategy], quorum: 4).get()
        #expect(degraded.degraded)
        #expect(degraded.agreement.failed == [.knowledgeRunbook, .responseStrategy])
        #expect(degraded.quorum == .init(required: 4, present: 4, met: true))
        let none = Consensus.decide(outputs: partial, failed: [.knowledgeRunbook, .responseStrategy], quorum: 5)
        #expect(throws: Consensus.NoConsensus.self) { try none.get() }
    }
}

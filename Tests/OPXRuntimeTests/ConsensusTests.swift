import Foundation
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

/// The consensus reads and writes JSON directly, exactly as Codable would.
@Suite struct ConsensusJSONTests {
    @Test func theDocumentIsTheOneCodableWrites() throws {
        let full = try Consensus.decide(outputs: ConsensusTests.outputs(order: ConsensusTests.agents), failed: [], quorum: 4).get()
        let partial = ConsensusTests.outputs(order: Array(ConsensusTests.agents.prefix(4)))
        let degraded = try Consensus.decide(outputs: partial, failed: [.knowledgeRunbook, .responseStrategy], quorum: 4).get()
        for consensus in [full, degraded] {
            #expect(CanonicalJSONWriter.canonicalBytes(consensus.json) == CanonicalJSONWriter.canonicalBytes(try consensus.jsonPayload()))
        }
    }

    @Test func outputsReadAsCodableReadsThem() throws {
        for agent in ConsensusTests.agents {
            let document = RuntimeFixtures.document(agent.rawValue)
            let read = try #require(GenericOutput(document))
            let bytes = Data(CanonicalJSONWriter.canonicalBytes(document))
            let codable = try JSONDecoder().decode(CodableShared.self, from: bytes)
            #expect(read.confidence == codable.confidence)
            #expect(read.findings == codable.findings)
            #expect(read.evidence == codable.evidence)
            #expect(read.services == codable.services)
            #expect(read.recommendations == codable.recommendations)
        }
    }

    @Test func aMistypedOrMissingFieldMakesTheOutputUnreadable() throws {
        let document = try #require(RuntimeFixtures.document("signal-intelligence").objectValue)
        var mistypedOptional = document, missing = document, badEnum = document
        mistypedOptional.set("recommendations", "restart")
        _ = missing.removeValue(forKey: "confidence")
        badEnum.set("evidence", [["id": "E1", "kind": "rumour", "ref": "x"]])
        for broken in [mistypedOptional, missing, badEnum] { #expect(GenericOutput(.object(broken)) == nil) }
        var nullOptional = document
        nullOptional.set("recommendations", .null)
        #expect(GenericOutput(.object(nullOptional))?.recommendations == nil)
    }

    /// The shared fields, decoded by Codable.
    struct CodableShared: Decodable {
        var confidence: Double
        var findings: [Finding]
        var evidence: [EvidenceReference]
        var services: [String]
        var recommendations: [Recommendation]?
    }
}

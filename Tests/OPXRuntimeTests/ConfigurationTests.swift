import Foundation
import OPXEvents
import OPXRuntime
import OPXTesting
import Testing

@Suite struct ConfigurationTests {
    static func load(_ json: String) throws -> RuntimeConfiguration {
        let directory = TemporaryDirectory()
        let path = directory.appending("opx.json")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(json.utf8)))
        return try RuntimeConfiguration.load(fromConfigFile: path)
    }

    static func message(_ json: String) -> String {
        do { _ = try load(json); return "" } catch { return String(describing: error) }
    }

    @Test func withoutAFileTheGraphIsTheSixBuiltInAgents() throws {
        let configuration = try RuntimeConfiguration.load(fromConfigFile: nil)
        #expect(configuration.graph.agents == AgentName.analysisAgents)
        #expect(configuration.graph.layers.map { $0.map(\.name) } == [Array(AgentName.analysisAgents.prefix(5)), [.responseStrategy]])
        #expect(configuration.graph.quorum == 4)
    }

    @Test func teamsDropAndAddAgents() throws {
        let configuration = try Self.load("""
            {"graph": {"drop": ["historical-pattern"], "add": [{"name": "llm-triage", "schema": "signal-intelligence", "after": ["signal-intelligence"]}], "quorum": 3},
             "agents": {"llm-triage": {"command": ["python3", "triage.py"], "timeoutMs": 1500}},
             "pricing": {"models": {"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6}}},
             "server": {"anything": "belongs to another module"}}
            """)
        #expect(!configuration.graph.agents.contains(.historicalPattern))
        #expect(configuration.graph.node(.responseStrategy)?.after.contains(.historicalPattern) == false)
        #expect(configuration.graph.node("llm-triage")?.timeoutMs == 1500)
        #expect(configuration.graph.layers.count == 2)
        #expect(configuration.pricing.cost(model: "gpt-4o-mini", inputTokens: 1_000_000, outputTokens: 1_000_000) == Decimal(string: "0.75"))
        #expect(try configuration.makeExternalAgents()["llm-triage"]?.runner == .subprocess)
    }

    @Test func errorsNameTheKeyPathAndTheFile() {
        #expect(Self.message(#"{"graph": {"quorom": 3}}"#).contains("unknown key graph.quorom"))
        #expect(Self.message(#"{"graph": {"quorum": 9}}"#).contains("graph.quorum is 9 but the graph has only 6 agents"))
        #expect(Self.message(#"{"graph": {"agents": [{"name": "a", "schema": "consensus", "after": ["b"]}, {"name": "b", "schema": "consensus", "after": ["a"]}]}}"#).contains("cycle"))
        #expect(Self.message(#"{"graph": {"add": [{"name": "x", "schema": "nope"}]}}"#).contains("graph.add[0].schema"))
        #expect(Self.message(#"{"agents": {"x": {"url": "http://h", "timeoutMs": 0}}}"#).contains("agents.x.timeoutMs"))
        #expect(Self.message(#"{"agents": {"x": {"command": ["a"], "url": "http://h"}}}"#).contains("exactly one of command"))
        #expect(Self.message(#"{"pricing": {"models": {"m": {"inputPerMillion": -1, "outputPerMillion": 1}}}}"#).contains("pricing.models.m.inputPerMillion"))
        #expect(Self.message(#"{"graph": {"drop": ["nobody"]}}"#).contains("opx.json"))
    }
}

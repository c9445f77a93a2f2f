import Foundation
import OPXEvents
import OPXRuntime
import OPXTesting
import Testing

/// The read-only tools: bounds, ordering, BM25 runbook search, the dependency graph, config loading with the demo data.
@Suite struct ToolsTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/demo/files")

    @Test func aToolReturnsAtMostTwentyItemsInItsOwnOrder() throws {
        var session = ToolSession(limits: ToolLimits())
        let items = try session.call("numbers") { _ in Array(0..<50) }
        #expect(items == Array(0..<20))
        #expect(session.calls.map(\.name) == ["numbers"] && session.calls[0].itemCount == 20)
    }

    @Test func aToolPastItsTimeBudgetFailsNamingTheTool() {
        var session = ToolSession(limits: ToolLimits(timeBudget: .zero))
        let error = #expect(throws: ToolError.self) {
            try session.call("slow.tool") { deadline in
                while try deadline.scanOne() {}
                return [1]
            }
        }
        #expect(error?.description.contains("tool slow.tool ran past its time budget") == true)
    }

    @Test func scanningStopsAtTheScanBoundDeterministically() throws {
        var session = ToolSession(limits: ToolLimits(maxScanned: 7))
        let items = try session.call("bounded") { deadline in
            var out: [Int] = []
            while try deadline.scanOne() { out.append(out.count) }
            return out
        }
        #expect(items == Array(0..<7))
    }

    @Test func runbookSectionsAreSplitAtHeadingsOutsideCodeAndCitedByAnchor() {
        let index = RunbookIndex(files: [("a.md", "# Title\nintro\n```\n# not a heading\n```\n## Roll back: now!\nundo it\n## Roll back: now!\nagain")])
        #expect(index.sections.map(\.citation) == ["a.md#title", "a.md#roll-back-now", "a.md#roll-back-now-1"])
        #expect(index.sections[0].body.contains("# not a heading"))
    }

    @Test func bm25RanksTheSectionAboutTheQueryFirstAndIgnoresStopWords() throws {
        let index = try RunbookIndex(folder: Self.demo.appendingPathComponent("runbooks").path)
        let hits = index.search("too many connections postgres pool", limit: 5)
        #expect(hits.first?.section.citation == "database-connection-exhaustion.md#database-connection-exhaustion")
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
        #expect(index.search("the and of", limit: 5).isEmpty)
        #expect(index.search("rollback deploy error rate", limit: 3).first?.section.file == "error-rate-spike-after-deploy.md")
    }

    @Test func blastRadiusWalksTheDemoGraphBreadthFirst() throws {
        let data = try Data(contentsOf: Self.demo.appendingPathComponent("services.json"))
        let graph = try ServiceGraph(section: try JSONParser.parse(Array(data)), file: "services.json")
        let impacts = graph.dependents(of: "payments")
        #expect(impacts.map(\.service) == ["checkout", "api-gateway", "mobile-api", "web-frontend"])
        #expect(impacts.map(\.distance) == [1, 2, 3, 3])
        #expect(impacts.last?.path == ["payments", "checkout", "api-gateway", "web-frontend"])
        #expect(graph.dependencies(of: "checkout") == ["inventory", "orders-db", "payments"])
    }

    @Test func theFactoryLoadsTheDemoServicesAndRunbooksFromAConfigFile() async throws {
        let scenario = try await IncidentScenario()
        let directory = TemporaryDirectory()
        let services = try String(contentsOf: Self.demo.appendingPathComponent("services.json"), encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appending("books"), withDestinationPath: Self.demo.appendingPathComponent("runbooks").path)
        let config = directory.appending("opx.json")
        try Data(#"{"services": \#(services), "runbooks": {"folder": "books"}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let agents = try BuiltInAgents.make(log: scenario.log, configFile: config)
        let runbooks = try KnowledgeRunbookOutput(jsonPayload: try await agents[.knowledgeRunbook]!.run(scenario.input(.knowledgeRunbook)).document)
        #expect(runbooks.runbookSections.first?.file == "error-rate-spike-after-deploy.md")
        let risk = try RiskBlastRadiusOutput(jsonPayload: try await agents[.riskBlastRadius]!.run(scenario.input(.riskBlastRadius)).document)
        #expect(risk.blastRadius.impactedServices.map(\.service) == ["api-gateway", "mobile-api", "web-frontend"])
    }

    @Test func builtInPartsLoadEverySectionOfOneConfigFile() async throws {
        let scenario = try await IncidentScenario()
        let directory = TemporaryDirectory()
        let services = try String(contentsOf: Self.demo.appendingPathComponent("services.json"), encoding: .utf8)
        let config = directory.appending("opx.json")
        let folder = Self.demo.appendingPathComponent("runbooks").path
        let text = #"{"services": \#(services), "runbooks": {"folder": "\#(folder)"}, "guardrails": {"actions": {"email": "block"}}, "budgets": {"monthlyUsd": 50}, "alerts": {"maxPerHour": 3}}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let parts = try BuiltInParts.load(log: scenario.log, configFile: config, logger: quietLogger)
        #expect(Set(parts.agents.keys) == Set(AgentName.analysisAgents))
        #expect(parts.screening.configuration.actions[.email] == .block)
        #expect(parts.spending.budgets.monthlyUsd == 50 && parts.spending.alerts.configuration.maxPerHour == 3)
        #expect(parts.dependencyServices.contains("payments-db") && parts.dependencyServices.count == 14)
    }

    @Test func anUnknownKeyInTheServicesSectionNamesItsPath() throws {
        let directory = TemporaryDirectory()
        let config = directory.appending("opx.json")
        try Data(#"{"services": {"checkout": {"dependson": ["payments"]}}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let error = #expect(throws: RuntimeError.self) { try ServiceGraph.load(fromConfigFile: config) }
        #expect(error?.description == "\(config): unknown key services.checkout.dependson (known keys: criticality, customerFacing, dependsOn, owner)")
    }
}

import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXTesting

/// Agents, incidents and logs for engine tests.
enum RuntimeFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// Valid output documents for each built-in agent schema (`<agent>.v1.json`), shared with the catalogue tests.
    static let outputsDirectory = testsDirectory.deletingLastPathComponent()
        .appendingPathComponent("OPXEventsTests/Fixtures/valid/agents").path
    static let agentScript = testsDirectory.appendingPathComponent("Agents/test_agent.py").path

    /// The valid fixture document of `schema`.
    static func document(_ schema: String) -> JSONValue {
        try! JSONParser.parse(Array(FileManager.default.contents(atPath: "\(outputsDirectory)/\(schema).v1.json")!))
    }

    /// Records an incident on `checkout` touching `payments` and `orders`.
    static func openIncident(in log: EventLog) async throws -> EntityID {
        let id = EntityID.random()
        let opened = IncidentOpened(incidentId: id, title: "checkout 5xx", service: "checkout", severity: .sev2,
                                    openedAt: Timestamp(nanoseconds: 1_700_000_000_000_000_000))
        var event = opened
        event.services = ["checkout", "payments", "orders"]
        _ = try await log.append(to: .incident(id), expected: .noStream, events: [try ProposedEvent(event)])
        return id
    }

    /// A subprocess agent running the test script in `mode`.
    static func scriptAgent(_ name: AgentName, mode: String, schema: String? = nil) -> SubprocessAgent {
        SubprocessAgent(name: name, command: ["python3", agentScript, mode, outputsDirectory],
                        environment: schema.map { ["AGENT_SCHEMA": $0] } ?? [:])
    }

    /// In-process agents answering the fixture document for every graph node, with usage.
    static func deterministicAgents(_ graph: GraphConfiguration = .default) -> [AgentName: any InvestigationAgent] {
        Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, FixtureAgent(name: $0.name, schema: $0.schema) as any InvestigationAgent) })
    }

    /// A price table with `test-model` at $3 / $15 per million tokens.
    static let pricing = PriceTable(models: ["test-model": .init(inputPerMillion: 3, outputPerMillion: 15)])

    /// An engine over `log`.
    static func engine(_ log: EventLog, graph: GraphConfiguration = .default, agents: [AgentName: any InvestigationAgent]? = nil,
                       screening: (any OutputScreening)? = nil) -> InvestigationEngine {
        InvestigationEngine(log: log, configuration: RuntimeConfiguration(graph: graph, pricing: pricing),
                            agents: agents ?? deterministicAgents(graph), screening: screening)
    }

    /// The investigation's recorded event types, in order.
    static func types(_ log: EventLog, _ id: EntityID) throws -> [String] {
        try log.read(stream: .investigation(id), limit: 10_000).map(\.type.rawValue)
    }
}

/// A deterministic in-process agent: the fixture document of its schema, with usage and one tool call.
struct FixtureAgent: InvestigationAgent {
    let name: AgentName
    let schema: String
    var runner: AgentInvoked.Runner { .builtin }

    func run(_ input: AgentInput) async throws -> AgentResult {
        AgentResult(document: RuntimeFixtures.document(schema),
                    usage: AgentUsage(model: "test-model", inputTokens: 1000 + input.attempt, outputTokens: 200),
                    toolCalls: [ToolCall(name: "signals.list", itemCount: 3, durationNanoseconds: 1_000)])
    }
}

/// An in-process agent that answers what `produce` returns.
struct ClosureAgent: InvestigationAgent {
    let name: AgentName
    var runner: AgentInvoked.Runner { .builtin }
    let produce: @Sendable (AgentInput) throws -> JSONValue

    func run(_ input: AgentInput) async throws -> AgentResult { AgentResult(document: try produce(input)) }
}

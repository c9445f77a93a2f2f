package import OPXEvents

/// The `graph` section: which agents an investigation runs, in what order, and how consensus decides.
///
/// Default: the five analysis agents run concurrently (at most `concurrency` at a time), response strategy runs
/// after them seeing their outputs, then consensus. Example (drop one agent, add an external one):
///
/// ```json
/// "graph": {
///   "drop": ["historical-pattern"],
///   "add": [{"name": "llm-triage", "schema": "signal-intelligence"}],
///   "quorum": 3, "concurrency": 4, "timeoutMs": 20000, "maxAttempts": 3
/// }
/// ```
package struct GraphConfiguration: Sendable, Hashable {
    /// One agent step of the graph.
    package struct Node: Sendable, Hashable {
        /// The agent (and step) name.
        package var name: AgentName
        /// The agents whose validated outputs this one sees (it runs after them).
        package var after: [AgentName]
        /// The agent output schema its documents follow (a built-in one, such as `signal-intelligence`).
        package var schema: String
        /// This agent's attempt time limit, in milliseconds (the graph's when absent).
        package var timeoutMs: Int?

        /// Creates a node.
        package init(name: AgentName, after: [AgentName] = [], schema: String? = nil, timeoutMs: Int? = nil) {
            self.name = name
            self.after = after
            self.schema = schema ?? name.rawValue
            self.timeoutMs = timeoutMs
        }

        /// The `$id` of the node's output schema.
        package var schemaID: String { SchemaID.agentOutput(schema, version: 1) }
    }

    /// The agent steps, in declaration order.
    package var nodes: [Node]
    /// How many agents must succeed for consensus (otherwise the investigation fails closed).
    package var quorum: Int
    /// How many agents run at the same time.
    package var concurrency: Int
    /// The default attempt time limit, in milliseconds.
    package var timeoutMs: Int
    /// Attempts per agent (1–3).
    package var maxAttempts: Int

    /// The default graph: the six built-in analysis agents, quorum 4 of 6.
    package static let `default` = GraphConfiguration(nodes: defaultNodes, quorum: 4, concurrency: 5, timeoutMs: 30_000,
                                                      maxAttempts: 3)

    private static var defaultNodes: [Node] {
        let analysis = AgentName.analysisAgents.filter { $0 != .responseStrategy }
        return analysis.map { Node(name: $0) } + [Node(name: .responseStrategy, after: analysis)]
    }

    /// Creates a graph; see ``validated()``.
    package init(nodes: [Node], quorum: Int, concurrency: Int, timeoutMs: Int, maxAttempts: Int) {
        self.nodes = nodes
        self.quorum = quorum
        self.concurrency = concurrency
        self.timeoutMs = timeoutMs
        self.maxAttempts = maxAttempts
    }

    /// The agent names, in declaration order.
    package var agents: [AgentName] { nodes.map(\.name) }

    /// The node of `name`.
    package func node(_ name: AgentName) -> Node? { nodes.first { $0.name == name } }

    /// The nodes grouped in layers: every node runs after all nodes of earlier layers it depends on.
    package var layers: [[Node]] {
        var placed: [AgentName: Int] = [:]
        var layers: [[Node]] = []
        for node in topologicallyOrdered {
            let layer = node.after.compactMap { placed[$0] }.max().map { $0 + 1 } ?? 0
            placed[node.name] = layer
            if layers.count <= layer { layers.append([]) }
            layers[layer].append(node)
        }
        return layers
    }

    private var topologicallyOrdered: [Node] {
        var done: Set<AgentName> = [], ordered: [Node] = []
        while ordered.count < nodes.count {
            for node in nodes where !done.contains(node.name) && node.after.allSatisfy(done.contains) {
                done.insert(node.name)
                ordered.append(node)
            }
        }
        return ordered
    }
}

extension GraphConfiguration {
    /// Reads the `graph` section (absent: ``default``).
    ///
    /// - Throws: ``RuntimeError`` naming the key path and file for an unknown key, a bad value, an unknown or
    ///   repeated agent, a cycle, or a quorum larger than the graph.
    package init(section value: JSONValue?, file: String) throws {
        guard let value else { self = .default; return }
        var reader = try ConfigReader(value, path: "graph", file: file)
        var nodes = try reader.objects("agents").map { try $0.map(Self.node) } ?? Self.defaultNodes
        if let drop = try reader.strings("drop").map({ Set($0.map(AgentName.init(rawValue:))) }) {
            if let unknown = drop.first(where: { name in !nodes.contains { $0.name == name } }) {
                throw reader.error("drop", "names \(unknown), which is not in the graph (agents: \(nodes.map(\.name.rawValue).joined(separator: ", ")))")
            }
            nodes = nodes.filter { !drop.contains($0.name) }.map { node in
                var node = node
                node.after.removeAll { drop.contains($0) }
                return node
            }
        }
        nodes += try reader.objects("add").map { try $0.map(Self.node) } ?? []
        let defaults = GraphConfiguration.default
        let quorumDefault = min(nodes.count, nodes.count / 2 + 1)
        self.init(nodes: nodes,
                  quorum: try reader.int("quorum", default: max(1, quorumDefault), in: 1...64),
                  concurrency: try reader.int("concurrency", default: defaults.concurrency, in: 1...64),
                  timeoutMs: try reader.int("timeoutMs", default: defaults.timeoutMs, in: 1...3_600_000),
                  maxAttempts: try reader.int("maxAttempts", default: defaults.maxAttempts, in: 1...3))
        try reader.finish()
        try check(reader)
    }

    private static func node(_ reader: ConfigReader) throws -> Node {
        var reader = reader
        guard let name = try reader.string("name") else { throw reader.error("name", "is required: the agent's name") }
        guard AgentNamePattern.matches(name) else {
            throw reader.error("name", "\"\(name)\" must be lowercase words joined by -, at most 64 characters")
        }
        let schema = try reader.string("schema") ?? name
        guard EventRegistry.agentOutputSchemaIDs.contains(SchemaID.agentOutput(schema, version: 1)) else {
            throw reader.error("schema", "\"\(schema)\" is not an agent output schema (known: \(EventRegistry.agentOutputSchemaIDs.joined(separator: ", "))); set schema to one of them")
        }
        let node = Node(name: AgentName(rawValue: name), after: (try reader.strings("after") ?? []).map(AgentName.init(rawValue:)),
                        schema: schema, timeoutMs: try reader.optionalInt("timeoutMs", in: 1...3_600_000))
        try reader.finish()
        return node
    }

    private func check(_ reader: ConfigReader) throws {
        guard !nodes.isEmpty else { throw reader.error("agents", "leaves no agents in the graph") }
        var seen: Set<AgentName> = []
        for node in nodes {
            guard node.name != .consensus else { throw reader.error("agents", "must not list consensus: it always runs last") }
            guard seen.insert(node.name).inserted else { throw reader.error("agents", "lists \(node.name) twice") }
        }
        for node in nodes {
            if let missing = node.after.first(where: { !seen.contains($0) }) {
                throw reader.error("agents", "makes \(node.name) run after \(missing), which is not in the graph")
            }
        }
        var done: Set<AgentName> = []
        while done.count < nodes.count {
            let ready = nodes.filter { !done.contains($0.name) && $0.after.allSatisfy(done.contains) }
            guard !ready.isEmpty else { throw reader.error("agents", "has a cycle in `after` among \(nodes.filter { !done.contains($0.name) }.map(\.name.rawValue).joined(separator: ", "))") }
            done.formUnion(ready.map(\.name))
        }
        guard quorum <= nodes.count else {
            throw reader.error("quorum", "is \(quorum) but the graph has only \(nodes.count) agents")
        }
    }
}

/// The shape of an agent name: lowercase words joined by `-`, 1–64 characters.
enum AgentNamePattern {
    static func matches(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}

package import OPXEvents

/// The engine's sections of the configuration file: `graph`, `agents`, `pricing`.
///
/// Other top-level keys belong to other modules and are left to them.
package struct RuntimeConfiguration: Sendable, Hashable {
    /// The agent graph.
    package var graph: GraphConfiguration
    /// External agents by name.
    package var externalAgents: [AgentName: ExternalAgentConfiguration]
    /// The price table.
    package var pricing: PriceTable

    /// Creates a configuration (defaults: the built-in graph, no external agents, no prices).
    package init(graph: GraphConfiguration = .default, externalAgents: [AgentName: ExternalAgentConfiguration] = [:],
                 pricing: PriceTable = PriceTable()) {
        self.graph = graph
        self.externalAgents = externalAgents
        self.pricing = pricing
    }

    /// Loads the sections from `path`, or the defaults when `path` is `nil`.
    ///
    /// - Throws: ``RuntimeError`` when the file cannot be read, is not a JSON object, or a section is wrong.
    package static func load(fromConfigFile path: String?) throws -> RuntimeConfiguration {
        guard let path else { return RuntimeConfiguration() }
        let root = try ConfigFile.root(path)
        var configuration = try RuntimeConfiguration(graph: GraphConfiguration(section: root["graph"], file: path),
                                                     externalAgents: ExternalAgentConfiguration.section(root["agents"], file: path),
                                                     pricing: PriceTable(section: root["pricing"], file: path))
        for index in configuration.graph.nodes.indices where configuration.graph.nodes[index].timeoutMs == nil {
            configuration.graph.nodes[index].timeoutMs = configuration.externalAgents[configuration.graph.nodes[index].name]?.timeoutMs
        }
        return configuration
    }
}

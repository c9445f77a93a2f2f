package import OPXEventLog
package import OPXEvents

/// The six built-in analysis agents, deterministic and useful offline.
///
/// ```swift
/// let agents = try BuiltInAgents.make(log: log, configFile: configPath)
/// let result = try await agents[.signalIntelligence]!.run(input)
/// ```
package enum BuiltInAgents {
    /// The built-in agents, by name, reading through `tools`.
    ///
    /// - Parameter tools: The read-only tools over the log and projections (incidents projection built), with the
    ///   dependency graph and runbook index.
    /// - Returns: One agent per name in ``AgentName/analysisAgents``.
    package static func make(tools: InvestigationTools) -> [AgentName: any InvestigationAgent] {
        let agents: [any InvestigationAgent] = [
            SignalIntelligenceAgent(tools: tools), HistoricalPatternAgent(tools: tools), ChangeIntelligenceAgent(tools: tools),
            RiskBlastRadiusAgent(tools: tools), KnowledgeRunbookAgent(tools: tools), ResponseStrategyAgent(tools: tools),
        ]
        return Dictionary(uniqueKeysWithValues: agents.map { ($0.name, $0) })
    }

    /// The built-in agents over `log`, with the `services` and `runbooks` (and `agents` tool limits) sections of
    /// the config file.
    ///
    /// - Parameters:
    ///   - log: The event log, read only; the built-in projections must be registered with it (the incidents
    ///     projection is what the tools read).
    ///   - configFile: The opx config file (`--config`, `$OPX_CONFIG` or `<data dir>/opx.json`), or `nil` for
    ///     defaults: no dependency graph, no runbooks.
    /// - Returns: One agent per name in ``AgentName/analysisAgents``.
    /// - Throws: ``RuntimeError`` for a bad section or an unreadable runbooks folder.
    package static func make(log: EventLog, configFile: String?) throws -> [AgentName: any InvestigationAgent] {
        make(tools: InvestigationTools(log: log, services: try ServiceGraph.load(fromConfigFile: configFile),
                                       runbooks: try RunbookIndex.load(fromConfigFile: configFile)))
    }
}

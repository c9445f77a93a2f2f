package import Logging
package import OPXEventLog
package import OPXEvents

/// Everything this part of the runtime contributes to an engine, configured from one config file: the built-in
/// agents, the guardrail screen, the budget watch and the dependency graph's services (for semantic checks).
///
/// ```swift
/// let parts = try BuiltInParts.load(log: log, configFile: path, logger: logger)
/// let engine = InvestigationEngine(log: log, configuration: configuration,
///                                  agents: parts.agents.merging(external) { $1 },
///                                  screening: parts.screening, spending: parts.spending,
///                                  dependencyServices: parts.dependencyServices)
/// ```
package struct BuiltInParts: Sendable {
    /// The six built-in analysis agents.
    package var agents: [AgentName: any InvestigationAgent]
    /// The `guardrails` section's screen.
    package var screening: GuardrailScreen
    /// The `budgets` and `alerts` sections' watch.
    package var spending: BudgetWatch
    /// Every service the `services` section names.
    package var dependencyServices: Set<String>

    /// Loads the `services`, `runbooks`, `guardrails`, `budgets` and `alerts` sections.
    ///
    /// - Parameters:
    ///   - log: The event log (the built-in projections registered with it).
    ///   - configFile: The config file, or `nil` for the defaults.
    ///   - logger: Where webhook delivery failures are logged.
    /// - Throws: ``RuntimeError`` naming the file and key path of a bad value.
    package static func load(log: EventLog, configFile: String?, logger: Logger) throws -> BuiltInParts {
        let services = try ServiceGraph.load(fromConfigFile: configFile)
        let tools = InvestigationTools(log: log, services: services, runbooks: try RunbookIndex.load(fromConfigFile: configFile))
        return BuiltInParts(agents: BuiltInAgents.make(tools: tools),
                            screening: GuardrailScreen(configuration: try GuardrailConfiguration.load(fromConfigFile: configFile)),
                            spending: try BudgetWatch(log: log, configFile: configFile, logger: logger),
                            dependencyServices: services.allServices)
    }
}

import ArgumentParser
import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXRuntime

/// Builds the investigation engine the CLI commands use.
enum RuntimeSetup {
    /// An engine over `log` configured from the config file of `options`: the graph, the price table, the built-in
    /// agents (over the `services` graph and the `runbooks` folder) with the external agents of the `agents` section
    /// in place of built-ins of the same name, the guardrails and the budgets and alerts. Graph agents without an
    /// implementation are reported when an investigation starts.
    static func engine(log: EventLog, options: ConfigOptions, dataDirectory: String) throws -> InvestigationEngine {
        let file = options.path(dataDirectory: dataDirectory)
        let configuration = try RuntimeConfiguration.load(fromConfigFile: file)
        let parts = try BuiltInParts.load(log: log, configFile: file, logger: Logger(label: "opx.runtime"))
        return InvestigationEngine(log: log, configuration: configuration,
                                   agents: parts.agents.merging(try configuration.makeExternalAgents()) { $1 },
                                   screening: parts.screening, spending: parts.spending,
                                   dependencyServices: parts.dependencyServices)
    }

    /// Opens the store for writing, runs `body` with an engine over it, closes the store.
    static func withEngine(_ global: GlobalOptions, _ options: ConfigOptions, command: String,
                           _ body: (InvestigationEngine) async throws -> Void) async throws {
        let log = try await global.openForWriting(lockTimeout: 5, command: command)
        defer { log.close() }
        try await body(try engine(log: log, options: options, dataDirectory: global.dataDirectory))
    }

    /// Parses an investigation or incident id argument.
    static func entityID(_ text: String, _ what: String) throws -> EntityID {
        guard let id = EntityID(text) else {
            throw CLIError("\"\(text.prefix(60))\" is not a\(what == "incident" ? "n" : "") \(what) id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e); list them with `opx \(what == "incident" ? "incidents" : "investigations")`")
        }
        return id
    }

    /// Prints how an investigation ended and what to run to look closer.
    static func printOutcome(_ outcome: InvestigationOutcome) {
        let id = outcome.investigationId
        Output.line("investigation \(id): \(outcome.status)\(outcome.failedAgents.isEmpty ? "" : " (failed agents: \(outcome.failedAgents.map(\.rawValue).joined(separator: ", ")))")")
        if let consensus = outcome.consensus, let recommendation = consensus["recommendation"] {
            Output.line("  recommendation (advisory): \(recommendation["action"]?.stringValue ?? "?") — risk \(recommendation["risk"]?.stringValue ?? "?"), confidence \(consensus["confidence"]?.doubleValue ?? 0)")
            if let summary = consensus["summary"]?.stringValue { Output.line("  \(summary)") }
            Output.line("  consensus: \(outcome.consensusDigest ?? "?")")
        }
        if let failure = outcome.failure { Output.line("  failed closed: \(failure)") }
        Output.line("  cost: $\(outcome.costUsd)")
        Output.line("next:")
        Output.line("  opx inspect investigation \(id)        state, agents and checkpoints")
        Output.line("  opx replay \(id) --verify             re-run the graph logic over the recorded outputs")
        if outcome.status == "running" { Output.line("  opx resume \(id)                      finish it") }
        if outcome.consensus != nil { Output.line("  opx review \(id) --approve --note …   record a human review") }
    }
}

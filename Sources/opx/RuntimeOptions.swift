import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime

/// Builds the investigation engine the CLI commands use.
enum RuntimeSetup {
    /// An engine over `log` with the configured graph, the external agents of the `agents` section and the
    /// price table. Graph agents without an implementation are reported when an investigation starts.
    static func engine(log: EventLog, configuration: RuntimeConfiguration) throws -> InvestigationEngine {
        InvestigationEngine(log: log, configuration: configuration, agents: try configuration.makeExternalAgents())
    }

    /// Opens the store for writing, runs `body` with an engine over it, closes the store.
    static func withEngine(_ global: GlobalOptions, _ options: ConfigOptions, command: String,
                           _ body: (InvestigationEngine) async throws -> Void) async throws {
        let configuration = try options.runtimeConfiguration(dataDirectory: global.dataDirectory)
        let log = try await global.openForWriting(lockTimeout: 5, command: command)
        defer { log.close() }
        try await body(try engine(log: log, configuration: configuration))
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

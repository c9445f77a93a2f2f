import ArgumentParser
import OPXEventLog
import OPXEvents
import OPXRuntime

/// `opx investigate INCIDENT`: starts an investigation and runs its graph to the advisory recommendation.
struct InvestigateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "investigate",
        abstract: "Investigate an incident: run the agent graph to an advisory recommendation.",
        discussion: """
            Prints the new investigation's id first; every step is recorded before and after it runs, so if the \
            process dies, `opx resume ID` finishes it. The graph, external agents and prices come from the \
            configuration file (graph, agents and pricing sections).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "The incident id (see `opx incidents`).") var incident: String
    @Option(help: "Who asks for it (recorded).") var requestedBy: String?

    func run() async throws {
        let incidentId = try RuntimeSetup.entityID(incident, "incident")
        try await RuntimeSetup.withEngine(global, configOptions, command: "investigate") { engine in
            let outcome = try await engine.investigate(incident: incidentId, requestedBy: requestedBy) { id in
                Output.line("investigation \(id) started for incident \(incidentId); if interrupted: opx resume \(id)")
            }
            RuntimeSetup.printOutcome(outcome)
        }
    }
}

/// `opx resume ID`: finishes an interrupted investigation.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted investigation, skipping steps whose validated output is recorded."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "The investigation id.") var id: String

    func run() async throws {
        let investigationId = try RuntimeSetup.entityID(id, "investigation")
        try await RuntimeSetup.withEngine(global, configOptions, command: "resume") { engine in
            RuntimeSetup.printOutcome(try await engine.resume(investigationId))
        }
    }
}

/// `opx fork ID --from STEP`: a new investigation sharing the recorded history up to a checkpoint.
struct ForkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork",
        abstract: "Start a new investigation sharing another's recorded history up to a checkpoint; run the rest live.",
        discussion: "STEP is a graph step (agent name) whose output is recorded, or `start`. Nothing is copied: the fork reads the original's log up to that position."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "The investigation to fork.") var id: String
    @Option(help: ArgumentHelp("The checkpoint step to fork after.", valueName: "step")) var from: String

    func run() async throws {
        let origin = try RuntimeSetup.entityID(id, "investigation")
        try await RuntimeSetup.withEngine(global, configOptions, command: "fork") { engine in
            let (forkId, outcome) = try await engine.fork(origin, from: from)
            Output.line("investigation \(forkId) forked from \(origin) after step \(from)")
            RuntimeSetup.printOutcome(outcome)
        }
    }
}

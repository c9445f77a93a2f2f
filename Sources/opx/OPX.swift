import ArgumentParser

/// The `opx` command: an event-sourced engine for AI-assisted incident investigation.
@main
struct OPX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opx",
        abstract: "An append-only, hash-chained event log for incident investigation, on LMDB.",
        discussion: "Every command takes --data DIR (or OPX_DATA); the default is ./opx-data.",
        version: OPXVersion.current,
        subcommands: [
            InitCommand.self, AppendCommand.self, ReadCommand.self, VerifyCommand.self, StatsCommand.self,
            DemoCommand.self, SchemaCommand.self,
            RebuildCommand.self, ProjectionsCommand.self, InspectCommand.self, HistoryCommand.self, DiffCommand.self,
            InvestigationsCommand.self, StatusCommand.self, UsageCommand.self, DebugCommand.self,
            ExportCommand.self, ImportCommand.self,
            IngestCommand.self, CandidatesCommand.self, IncidentsCommand.self,
            EvidenceCommand.self,
            ServeCommand.self, TokenCommand.self,
            InvestigateCommand.self, ResumeCommand.self, ReplayCommand.self, ForkCommand.self, ReviewCommand.self,
        ]
    )

    static func main() async {
        CrashGuard.install()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CLIError.wrap(error))
        }
    }
}

/// The version opx reports (and records in exports).
enum OPXVersion {
    static let current = "0.1.0"
}

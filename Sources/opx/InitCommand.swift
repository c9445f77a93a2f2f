import ArgumentParser
import OPXEventLog

/// `opx init`: creates an empty store.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty store in the data directory.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let log = try await global.openForWriting(create: true, command: "init")
        defer { log.close() }
        let (events, _) = try log.counts()
        if events > 0 {
            Output.line("store at \(global.dataDirectory) already exists with \(events) events; nothing changed")
        } else {
            Output.line("initialised an empty store at \(global.dataDirectory)")
        }
    }
}

import ArgumentParser
import OPXEventLog
import OPXEvents
import OPXExport
import OPXStorage

/// `opx import`: loads a CloudEvents export into a store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a CloudEvents export (JSON Lines or batch) into a store, idempotent by event id.",
        discussion: """
            The file must verify first. Events keep their ids, streams and recorded-at times, so a whole-log export \
            imported into a new store reproduces the original positions and hashes. Importing the same file again \
            appends nothing. Creates the store when it does not exist.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The export file.")
    var file: String

    @Flag(help: "No progress output.")
    var quiet = false

    func run() async throws {
        let clock = ImportClock()
        var configuration = LMDBEnvironment.Configuration.readWrite(create: true)
        configuration.processDescription = "opx import"
        let log = try await EventLog(path: global.dataDirectory, configuration: configuration, registry: EventRegistry(),
                                     clock: clock.now, logger: global.makeLogger())
        defer { log.close() }
        try await ProjectionSetup.attach(log, logger: global.makeLogger())
        let progress = Progress("import", quiet: quiet)
        let result: ImportResult
        do {
            result = try await ExportImporter.run(fileAt: file, into: log, clock: clock) { progress.update($0, of: $1) }
        } catch let error as ExportError {
            throw CLIError(error.message)
        }
        progress.finish()
        let chain = result.reproduced == result.events ? "every record has the export's position and hash"
            : "\(result.events - result.reproduced) records got new positions or hashes (the store held other events)"
        Output.line("imported \(result.events) events: \(result.appended) appended, \(result.duplicates) already present; \(chain)")
    }
}

import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx projections`: where each projection stands; `opx projections catch-up`.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Show each projection's version, position, lag and digest; catch them up.",
        subcommands: [ProjectionsListCommand.self, ProjectionsCatchUpCommand.self],
        defaultSubcommand: ProjectionsListCommand.self
    )
}

struct ProjectionsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Version, position, lag, rows and digest of each projection.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print as JSON.")
    var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let projections = BuiltInProjections.all(retention: try ProjectionSetup.retention())
        let head = try log.head().position
        let stored = try ProjectionStore(log: log).digests(projections)
        if json {
            let items = projections.map { p -> JSONValue in
                var m: [(String, JSONValue)] = [("name", .string(p.name)), ("version", .number(JSONNumber(Int64(p.version))))]
                if let (record, digest) = stored[p.name] {
                    m += [("storedVersion", .number(JSONNumber(Int64(record.version)))),
                          ("position", .number(JSONNumber(Int64(record.position.rawValue)))),
                          ("lag", .number(JSONNumber(Int64(head.rawValue - min(head.rawValue, record.position.rawValue))))),
                          ("rebuilding", .bool(record.rebuilding)), ("current", .bool(record.matches(p))),
                          ("rows", .number(JSONNumber(Int64(digest.rows)))), ("digest", .string(digest.description))]
                }
                return .object(try! JSONObject(m))
            }
            Output.line(Fmt.json(.object(try! JSONObject([("head", .number(JSONNumber(Int64(head.rawValue)))), ("projections", .array(items))]))))
            return
        }
        var rows: [[String]] = []
        for p in projections {
            guard let (record, digest) = stored[p.name] else {
                rows.append([p.name, "v\(p.version)", "-", "-", "not built", "-", "-"])
                continue
            }
            let state = !record.matches(p) ? "outdated (v\(record.version))" : record.rebuilding ? "rebuilding" : record.position == head ? "current" : "behind"
            rows.append([p.name, "v\(p.version)", "\(record.position)", "\(head.rawValue - min(head.rawValue, record.position.rawValue))", state,
                         "\(digest.rows)", String(digest.description.prefix(16)) + "…"])
        }
        for line in Fmt.table(["PROJECTION", "VERSION", "POSITION", "LAG", "STATE", "ROWS", "DIGEST"], rows) { Output.line(line) }
        Output.line("log head: \(head)")
    }
}

struct ProjectionsCatchUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catch-up",
        abstract: "Fold what the projections have not folded yet (after OPX_PROJECTIONS=defer loads, a version change or an interrupted rebuild).",
        discussion: "Safe to interrupt at any moment: each batch commits its rows with its position, and the next run resumes."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Events per write transaction.")
    var batchSize: Int = ProjectionRunner.defaultBatchSize

    @Flag(help: "No progress output.")
    var quiet = false

    func run() async throws {
        let log = try await ProjectionSetup.$attachOnOpen.withValue(false) {
            try await global.openForWriting(command: "projections catch-up")
        }
        defer { log.close() }
        let runner = try await ProjectionRunner.open(log: log, projections: try ProjectionSetup.registrations(),
                                                     batchSize: batchSize, logger: global.makeLogger())
        let progress = Progress("catch-up", quiet: quiet)
        let box = ProgressBox(progress)
        let report = try await runner.catchUp { done, total in box.update(done, total) }
        progress.finish()
        Output.line("caught up to position \(try log.head().position): \(report.eventsRead) events folded in \(String(format: "%.2f", report.seconds))s, \(report.batches) transactions")
    }
}

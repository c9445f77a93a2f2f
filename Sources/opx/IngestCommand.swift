import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXIngest

/// `opx ingest`: runs a monitoring payload through its adapter and correlation, without a server.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest a monitoring payload (Alertmanager, Grafana, EventBridge, PagerDuty, CloudEvents, changes).",
        discussion: """
            Reads FILE (or stdin for -) as one request body for --adapter, appends the signals or changes it \
            describes and the correlation decisions they cause, and prints what was appended, what was a \
            duplicate (a re-sent payload appends nothing), and which incident each signal opened or joined. \
            With --lines every non-empty line is a separate request. Detection rules come from the `detection` \
            section of the configuration file (see README, "Ingest").
            """
    )

    @OptionGroup var store: GlobalOptions
    @OptionGroup var configuration: ConfigOptions

    @Option(help: "The payload shape: \(IngestAdapter.allCases.map(\.rawValue).joined(separator: ", ")).")
    var adapter: IngestAdapter

    @Argument(help: "The payload file, or - for stdin.")
    var file: String

    @Option(help: "The Content-Type the payload would have over HTTP (default: JSON).")
    var contentType: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("An HTTP header as name:value (CloudEvents binary mode reads ce-*); repeatable.", valueName: "name:value"))
    var headers: [String] = []

    @Flag(help: "Treat every non-empty line as a separate request (NDJSON of payloads).")
    var lines = false

    @Option(help: "With --lines: requests in flight at once (they share commits).")
    var concurrency: Int = 1

    @Flag(help: "Print each response body (the JSON a sender would get) instead of a summary line.")
    var json = false

    @Option(help: "Seconds to wait for another writer to release the data directory.")
    var lockTimeout: Double = 0

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        for header in headers where !header.contains(":") {
            throw ValidationError("--header \"\(header)\" must look like name:value")
        }
    }

    func run() async throws {
        let rules = try configuration.detectionRules(dataDirectory: store.dataDirectory)
        let input = try readInput()
        let bodies = lines ? input.split(separator: UInt8(ascii: "\n")).map(Array.init).filter { !$0.allSatisfy(Self.isSpace) } : [input]
        let headerMap = Dictionary(headers.map { header -> (String, String) in
            let parts = header.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return (parts[0].lowercased(), parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { $1 })
        let log = try await store.openForWriting(lockTimeout: lockTimeout, command: "ingest")
        defer { log.close() }
        let service = IngestService(log: log, rules: rules)
        let started = Date()
        var totals = (requests: 0, appended: 0, duplicates: 0)
        try await withThrowingTaskGroup(of: IngestResponse.self) { group in
            var next = 0
            func submit() {
                let request = IngestRequest(adapter: adapter, body: bodies[next], contentType: contentType, headers: headerMap)
                let number = next + 1, numbered = lines
                group.addTask {
                    do { return try await service.ingest(request) } catch let error as IngestError {
                        throw CLIError("\(numbered ? "line \(number): " : "")\(error.status): \(error.description)")
                    }
                }
                next += 1
            }
            while next < min(concurrency, bodies.count) { submit() }
            while let response = try await group.next() {
                totals.requests += 1
                totals.appended += response.appended
                totals.duplicates += response.duplicates
                if json { Output.bytes(response.body + [UInt8(ascii: "\n")]) } else if !lines { Output.line(Self.summary(response)) }
                if next < bodies.count { submit() }
            }
        }
        if lines && !json {
            let seconds = Date().timeIntervalSince(started)
            Output.line("\(totals.requests) requests: appended \(totals.appended) events, \(totals.duplicates) duplicates in \(String(format: "%.2f", seconds)) s (\(String(format: "%.0f", Double(totals.requests) / max(seconds, 1e-9))) requests/s)")
        }
    }

    private func readInput() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file): no such file or not readable") }
        return Array(data)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// `appended 3 events, 1 duplicate, up to position 17; incident <id> (checkout): detected, opened`.
    static func summary(_ response: IngestResponse) -> String {
        var text = "appended \(response.appended) event\(response.appended == 1 ? "" : "s"), \(response.duplicates) duplicate\(response.duplicates == 1 ? "" : "s")"
        if let last = response.lastPosition { text += ", up to position \(last.rawValue)" }
        for incident in response.incidents {
            text += "; incident \(incident.incidentId) (\(incident.service)): \(incident.actions.joined(separator: ", "))"
        }
        return text
    }
}

extension IngestAdapter: ExpressibleByArgument {}

import ArgumentParser
import OPXEventLog
import OPXEvents

/// `opx read`: prints the log or one stream.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print events of the whole log or of one stream.",
        discussion: "--json prints each event as one line of canonical CloudEvents JSON (with opxhash), as exports do."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this stream.")
    var stream: String?

    @Option(help: "Start at this log position (or, with --stream, this stream revision).")
    var from: UInt64?

    @Flag(help: "Newest first (whole log only).")
    var backward = false

    @Option(help: "The most events to print.")
    var limit: Int = 1000

    @Flag(help: "NDJSON output: one CloudEvents JSON object per line.")
    var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        if backward && stream != nil { throw ValidationError("--backward reads the whole log; drop --stream") }
    }

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let events: [RecordedEvent]
        if let stream {
            let id: StreamID
            do { id = try StreamID(stream) } catch { throw CLIError("--stream: \(error)") }
            guard try log.head(of: id) != nil else { throw CLIError("stream \(id) has no events (see `opx stats` for the store's streams)") }
            events = try log.read(stream: id, from: from ?? 0, limit: limit)
        } else {
            let start = from.map(LogPosition.init) ?? (backward ? .start : LogPosition(1))
            if let from, from > (try log.head().position.rawValue) {
                throw CLIError("position \(from) is beyond the end of the log (\(try log.head().position))")
            }
            events = try log.read(from: start, direction: backward ? .backward : .forward, limit: limit)
        }
        if json {
            for event in events { Output.bytes(event.cloudEventBytes(includingHash: true) + [10]) }
            return
        }
        Output.line(pad("POSITION", 9) + pad("TIME", 31) + pad("STREAM@REV", 34) + pad("TYPE", 26) + "DATA")
        for event in events {
            let data = String(decoding: event.data, as: UTF8.self)
            Output.line(pad(String(event.position.rawValue), 9) + pad(event.recordedAt.description, 31)
                + pad("\(event.stream)@\(event.revision)", 34) + pad(event.type.rawValue, 26)
                + (data.count > 80 ? data.prefix(77) + "..." : data))
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

import ArgumentParser
import OPXEventLog
import OPXEvents

/// `opx append`: appends one event from flags, or NDJSON events from stdin.
struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events durably.",
        discussion: """
            With --type and --data, appends one event to --stream. Otherwise reads NDJSON from stdin, one event \
            per line: {"stream": "...", "type": "...", "data": {...}, "id": "optional UUID"} (--stream is the \
            default stream). Consecutive lines for the same stream are committed together, up to --batch-size \
            events; with --json one acknowledgement line {firstPosition, lastPosition, headHash, stream, ids} is \
            printed per durable commit. A retried event id appends nothing and acknowledges the original positions. \
            Here --data is the payload: choose the directory with --data-dir or OPX_DATA.
            """
    )

    @OptionGroup var store: AppendStoreOptions

    @Option(help: "The stream to append to (the default stream for NDJSON lines).")
    var stream: String?

    @Option(help: "The event type, e.g. signal.ingested.")
    var type: String?

    @Option(help: "The event payload as JSON (with --type).")
    var data: String?

    @Option(help: "Expected stream revision: any, no-stream, exists, or a number.")
    var expected: String = "any"

    @Option(help: "The event id (a UUID); a retry with the same id appends nothing.")
    var id: String?

    @Option(help: "The CloudEvents source recorded with the events (default /opx/cli).")
    var source: String?

    @Option(help: "NDJSON mode: the most events committed in one batch.")
    var batchSize: Int = 100

    @Option(help: "NDJSON mode: batches in flight at once (concurrent batches share commits and fsyncs).")
    var concurrency: Int = 1

    @Option(help: "Seconds to wait for another writer to release the data directory.")
    var lockTimeout: Double = 0

    @Flag(help: "Print one acknowledgement per durable commit as a JSON line.")
    var json = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard (type == nil) == (data == nil) else { throw ValidationError("--type and --data go together (or give neither and pipe NDJSON to stdin)") }
        guard ExpectedRevision(expected) != nil else { throw ValidationError("--expected must be any, no-stream, exists or a revision number, not \"\(expected)\"") }
    }

    func run() async throws {
        let expected = ExpectedRevision(expected)!
        let defaultStream = try stream.map { name in
            do { return try StreamID(name) } catch { throw CLIError("--stream: \(error)") }
        }
        if let type, let data {
            guard let defaultStream else { throw ValidationError("--stream is required with --type and --data") }
            let event = try AppendInput.event(type: type, data: data, id: id, source: source, where: "--data")
            let log = try await store.openForWriting(lockTimeout: lockTimeout, command: "append")
            defer { log.close() }
            let result = try await log.append(to: defaultStream, expected: expected, events: [event])
            report(result, stream: defaultStream, ids: [event.id])
            return
        }
        guard expected == .any else { throw ValidationError("--expected applies to a single event given with --type and --data") }
        let log = try await store.openForWriting(lockTimeout: lockTimeout, command: "append")
        defer { log.close() }
        try await appendLines(to: log, defaultStream: defaultStream)
    }

    private func appendLines(to log: EventLog, defaultStream: StreamID?) async throws {
        var batches = BatchReader(defaultStream: defaultStream, batchSize: batchSize, source: source)
        try await withThrowingTaskGroup(of: (AppendResult, StreamID, [EventID]).self) { group in
            var inFlight = 0
            while let batch = try batches.next() {
                if inFlight == concurrency, let done = try await group.next() {
                    report(done.0, stream: done.1, ids: done.2)
                    inFlight -= 1
                }
                group.addTask {
                    let result = try await log.append(to: batch.stream, events: batch.events)
                    return (result, batch.stream, batch.events.map(\.id))
                }
                inFlight += 1
            }
            while let done = try await group.next() { report(done.0, stream: done.1, ids: done.2) }
        }
    }

    private func report(_ result: AppendResult, stream: StreamID, ids: [EventID]) {
        if json {
            let idList = ids.map { "\"\($0)\"" }.joined(separator: ",")
            Output.line("{\"firstPosition\":\(result.firstPosition),\"lastPosition\":\(result.lastPosition),\"headHash\":\"\(result.headHash)\",\"stream\":\"\(stream)\",\"revision\":\(result.nextExpectedRevision),\"duplicate\":\(result.duplicate),\"ids\":[\(idList)]}")
        } else {
            let what = result.duplicate ? "already appended (retry): " : "appended "
            let range = result.firstPosition == result.lastPosition ? "position \(result.firstPosition)" : "positions \(result.firstPosition)–\(result.lastPosition)"
            Output.line("\(what)\(ids.count) event\(ids.count == 1 ? "" : "s") to \(stream) at \(range), revision \(result.nextExpectedRevision); head \(result.headHash)")
        }
    }
}

/// Groups NDJSON lines from stdin into batches: consecutive lines of one stream, up to a size.
private struct BatchReader {
    struct Batch: Sendable {
        let stream: StreamID
        let events: [ProposedEvent]
    }

    let defaultStream: StreamID?
    let batchSize: Int
    let source: String?
    private var lineNumber = 0
    private var pending: AppendInput.Entry?

    init(defaultStream: StreamID?, batchSize: Int, source: String?) {
        self.defaultStream = defaultStream
        self.batchSize = batchSize
        self.source = source
    }

    mutating func next() throws -> Batch? {
        var events: [ProposedEvent] = []
        var stream: StreamID?
        if let pending {
            stream = pending.stream
            events.append(pending.event)
            self.pending = nil
        }
        while events.count < batchSize, let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let entry = try AppendInput.entry(line: line, number: lineNumber, defaultStream: defaultStream, source: source)
            if let stream, entry.stream != stream {
                pending = entry
                break
            }
            stream = entry.stream
            events.append(entry.event)
        }
        guard let stream else { return nil }
        return Batch(stream: stream, events: events)
    }
}

import ArgumentParser
import Dispatch
import Foundation
import Glibc
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
            default stream). Up to --batch-size consecutive lines for the same stream are committed together as \
            one atomic batch; a blank line (or a line for another stream, or the end of input) ends a batch \
            early. With --json one acknowledgement line {firstPosition, lastPosition, headHash, stream, ids} is \
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

    /// Reads batches on a thread of their own (stdin blocks) and appends up to `concurrency` at
    /// once; each batch is acknowledged as soon as its commit is durable.
    private func appendLines(to log: EventLog, defaultStream: StreamID?) async throws {
        let batches = BatchReader.stream(defaultStream: defaultStream, batchSize: batchSize, source: source,
                                         readAhead: concurrency * 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for try await batch in batches.stream {
                if inFlight == concurrency {
                    try await group.next()
                    inFlight -= 1
                }
                group.addTask {
                    defer { batches.consumed() }
                    let result = try await log.append(to: batch.stream, events: batch.events)
                    report(result, stream: batch.stream, ids: batch.events.map(\.id))
                }
                inFlight += 1
            }
            try await group.waitForAll()
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
    /// Batches read by a dedicated thread, at most `readAhead` ahead of the appends that consume them.
    final class Feed: Sendable {
        let stream: AsyncThrowingStream<Batch, any Error>
        private let slots: DispatchSemaphore

        init(stream: AsyncThrowingStream<Batch, any Error>, slots: DispatchSemaphore) {
            self.stream = stream
            self.slots = slots
        }

        /// Frees a read-ahead slot once a batch has been appended.
        func consumed() { slots.signal() }
    }

    static func stream(defaultStream: StreamID?, batchSize: Int, source: String?, readAhead: Int) -> Feed {
        let slots = DispatchSemaphore(value: readAhead)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Batch.self)
        let thread = Thread {
            var reader = BatchReader(defaultStream: defaultStream, batchSize: batchSize, source: source)
            do {
                while let batch = try reader.next() {
                    slots.wait()
                    continuation.yield(batch)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.start()
        return Feed(stream: stream, slots: slots)
    }

    struct Batch: Sendable {
        let stream: StreamID
        let events: [ProposedEvent]
    }

    let defaultStream: StreamID?
    let batchSize: Int
    let source: String?
    private var lineNumber = 0
    private var entries: [AppendInput.Entry?] = []   // nil: a blank line
    private var cursor = 0
    private var pendingBytes: [UInt8] = []
    private var atEnd = false

    init(defaultStream: StreamID?, batchSize: Int, source: String?) {
        self.defaultStream = defaultStream
        self.batchSize = batchSize
        self.source = source
    }

    /// The next batch: up to `batchSize` consecutive lines of one stream. A blank line, a line for
    /// another stream, or the end of input ends a batch early, so batch boundaries never depend on
    /// timing: what the sender groups is committed atomically.
    mutating func next() throws -> Batch? {
        var events: [ProposedEvent] = []
        var stream: StreamID?
        while events.count < batchSize {
            if cursor == entries.count {
                entries.removeAll(keepingCapacity: true)
                cursor = 0
                guard try readLine() else { break }
                continue
            }
            guard let entry = entries[cursor] else {   // a blank line
                cursor += 1
                if events.isEmpty { continue }
                break
            }
            if let stream, entry.stream != stream { break }
            stream = entry.stream
            events.append(entry.event)
            cursor += 1
        }
        guard let stream else { return nil }
        return Batch(stream: stream, events: events)
    }

    /// Reads until at least one more line is parsed; false at the end of input.
    private mutating func readLine() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while entries.isEmpty {
            if let newline = pendingBytes.firstIndex(of: 10) {
                let line = Array(pendingBytes[..<newline])
                pendingBytes.removeSubrange(...newline)
                try parse(line)
                continue
            }
            if atEnd {
                guard !pendingBytes.isEmpty else { return false }
                let last = pendingBytes
                pendingBytes = []
                try parse(last)
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { atEnd = true } else { pendingBytes.append(contentsOf: buffer[0..<n]) }
        }
        return true
    }

    private mutating func parse(_ line: [UInt8]) throws {
        lineNumber += 1
        let text = String(decoding: line, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) {
            entries.append(nil)
            return
        }
        entries.append(try AppendInput.entry(line: text, number: lineNumber, defaultStream: defaultStream, source: source))
    }
}

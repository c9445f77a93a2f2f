import ArgumentParser
import Dispatch
import Glibc
import OPXEventLog
import OPXEvents
import OPXExport
import OPXStorage

/// `opx export`: writes a selection of the log as a self-verifying audit export.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a slice of the log as CloudEvents (JSON Lines or batch) or OTLP/JSON traces, with an anchoring summary.",
        discussion: """
            Filters combine (AND). The last event of a CloudEvents export is its summary (type dev.opx.export.summary): \
            the chain hash before the first event, the count, first/last positions, the last hash, LMDB and opx versions \
            and the export time. Check a file with `opx verify --export FILE`; the procedure is in Schemas/README.md.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this stream.")
    var stream: String?

    @Option(help: "Only streams of this category (the stream id before its first '-', e.g. investigation).")
    var category: String?

    @Option(help: "An investigation's stream, its incident and its signals (an investigation id).")
    var investigation: String?

    @Option(name: .customLong("type"), help: "Only events of this type (repeatable).")
    var types: [String] = []

    @Option(help: "The first log position (inclusive).")
    var from: UInt64?

    @Option(help: "The last log position (inclusive).")
    var to: UInt64?

    @Option(help: "Only events recorded at or after this RFC 3339 time.")
    var since: String?

    @Option(help: "Only events recorded at or before this RFC 3339 time.")
    var until: String?

    @Option(help: "cloudevents (JSON Lines, default), cloudevents-batch, or otlp (trace spans as an OTLP/JSON ExportTraceServiceRequest).")
    var format: String = ExportFormat.jsonLines.rawValue

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (written as FILE.partial, renamed when complete) instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "fsync the output file before renaming it into place (durable across power loss; a lost export can always be re-run).")
    var fsync = false

    @Flag(help: "No progress output.")
    var quiet = false

    func run() async throws {
        let selection = try makeSelection()
        guard let format = ExportFormat(rawValue: format) else {
            throw CLIError("--format \(format): expected one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let log = try await global.openForReading()
        defer { log.close() }
        let file = try output.map { try ExportOutputFile(path: $0) } ?? ExportOutputFile.standardOutput
        let progress = Progress("export", quiet: quiet || (output == nil && Output.stderrIsTerminal == false))
        let exporter = Exporter(log: log, selection: selection, format: format, opxVersion: OPXVersion.current)
        let summary: ExportSummary
        do {
            summary = try await exporter.run(progress: { progress.update($0, of: $1) }) { chunk in
                try file.write(chunk)
            }
        } catch let error as ExportError {
            file.discard()
            throw CLIError(error.message)
        }
        progress.finish()
        try file.commit(durably: fsync)
        if let output, !quiet {
            Output.error("exported \(summary.count) events (positions \(summary.firstPosition)–\(summary.lastPosition)) to \(output); last hash \(summary.lastHash)")
        }
    }

    private func makeSelection() throws -> ExportSelection {
        do {
            var selection = ExportSelection()
            selection.stream = try stream.map { try StreamID($0) }
            selection.category = category
            if let investigation {
                guard let id = EntityID(investigation) else { throw CLIError("--investigation \(investigation): expected an investigation id (a UUID)") }
                selection.investigation = id
            }
            selection.types = try types.map { try EventType($0) }
            selection.fromPosition = from.map(LogPosition.init)
            selection.toPosition = to.map(LogPosition.init)
            selection.since = try since.map { try Timestamp(rfc3339: $0) }
            selection.until = try until.map { try Timestamp(rfc3339: $0) }
            try selection.validate()
            return selection
        } catch let error as EnvelopeError {
            throw CLIError("\(error)")
        } catch let error as ExportError {
            throw CLIError(error.message)
        }
    }
}

/// An export being written to `PATH.partial`, renamed to `PATH` only once complete (and, with
/// `--fsync`, flushed to disk first), so a killed export never leaves a truncated file under the
/// final name. Without `--fsync` a power loss can: `opx verify --export` reports it as truncated.
///
/// Chunks are written by a writer thread (at most a few chunks queued), so writing overlaps with
/// reading and formatting the next chunk.
final class ExportOutputFile: Sendable {
    /// Standard output (nothing to rename).
    static var standardOutput: ExportOutputFile { ExportOutputFile(fd: 1) }

    private let path: String?
    private let fd: Int32
    private let queue = DispatchQueue(label: "opx.export.writer")
    private let slots = DispatchSemaphore(value: 4)
    private let failure = Locked<String?>(nil)

    private var partial: String { (path ?? "stdout") + ".partial" }

    init(path: String) throws {
        self.path = path
        fd = open(path + ".partial", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CLIError("cannot write \(path).partial: \(String(cString: strerror(errno)))") }
    }

    private init(fd: Int32) {
        path = nil
        self.fd = fd
    }

    /// Queues `bytes`; throws the error of an earlier write.
    func write(_ bytes: [UInt8]) throws {
        try check()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            if let error = Self.writeAll(fd, bytes) {
                failure.withLock { $0 = "cannot write \(path.map { $0 + ".partial" } ?? "standard output"): \(error)" }
            }
        }
    }

    /// Waits for the queued writes; renames the file into place.
    func commit(durably: Bool) throws {
        queue.sync {}
        try check()
        guard let path else { return }
        guard !durably || Glibc.fsync(fd) == 0, close(fd) == 0, rename(partial, path) == 0 else {
            throw CLIError("cannot complete \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Abandons the file.
    func discard() {
        queue.sync {}
        guard path != nil else { return }
        close(fd)
        unlink(partial)
    }

    private func check() throws {
        if let message = failure.withLock({ $0 }) { throw CLIError(message) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }
}

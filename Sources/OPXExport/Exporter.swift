package import OPXEventLog
package import OPXEvents
import OPXStorage

/// Writes a selection of the log as an audit export, in constant memory, to an async sink.
///
/// The export pages through the log, each page in its own short read transaction (never one long
/// one), and hands the sink chunks of about ``chunkBytes``; it holds at most one chunk at a time.
/// The last chunk ends with the anchoring ``ExportSummary``. Re-exporting the same range gives the
/// same event bytes (INV-10); only the summary's `exportedAt` differs.
///
/// ```swift
/// // e.g. in an HTTP handler: stream an investigation's audit trail as CloudEvents JSON Lines
/// let exporter = Exporter(log: log, selection: ExportSelection(investigation: id), format: .jsonLines,
///                         opxVersion: "0.1.0")
/// response.headers.contentType = exporter.format.mediaType
/// let summary = try await exporter.run { chunk in try await body.write(chunk) }
/// print(summary.count, summary.lastHash)
/// ```
package struct Exporter: Sendable {
    /// The log to export from.
    package let log: EventLog
    /// Which events.
    package let selection: ExportSelection
    /// In which form.
    package let format: ExportFormat
    /// The opx version recorded in the summary.
    package let opxVersion: String
    /// About how many bytes each chunk handed to the sink holds.
    package var chunkBytes = 1 << 18
    /// Events read per read transaction.
    package var pageSize = 4096
    /// The time recorded as `exportedAt`.
    package var clock: @Sendable () -> Timestamp = { Timestamp.now() }

    /// Output bytes between drops of the resident map pages (keeps the resident set constant).
    static let releaseEvery = 16 << 20

    /// An exporter; nothing is read until ``run(progress:to:)``.
    package init(log: EventLog, selection: ExportSelection = ExportSelection(), format: ExportFormat = .jsonLines,
                 opxVersion: String) {
        self.log = log
        self.selection = selection
        self.format = format
        self.opxVersion = opxVersion
    }

    /// Writes the export to `sink`, chunk by chunk, and returns its summary.
    /// - Parameters:
    ///   - progress: Called after each page with (positions walked, positions to walk).
    ///   - sink: Receives the bytes in order; a thrown error stops the export and is rethrown.
    /// - Throws: ``ExportError`` for a bad selection or unknown investigation, storage errors, or the sink's error.
    @discardableResult
    package func run(progress: (_ done: UInt64, _ total: UInt64) -> Void = { _, _ in },
                     to sink: (_ chunk: [UInt8]) async throws -> Void) async throws -> ExportSummary {
        var cursor = try ExportCursor(log: log, selection: selection)
        var summary = ExportSummary(contiguous: selection.isContiguous && format != .otlp, format: format,
                                    selection: Dictionary(uniqueKeysWithValues: selection.described),
                                    lmdbVersion: LMDBEnvironment.lmdbVersion, opxVersion: opxVersion, exportedAt: clock())
        var framing = ExportFraming(format: format, opxVersion: opxVersion)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkBytes + (64 << 10))
        framing.begin(&buffer)
        let limit = chunkBytes
        var sinceRelease = 0
        while !cursor.done {
            try cursor.nextPage(pageSize: pageSize) { fields, hash in
                guard framing.carries(fields) else { return true }
                summary.add(position: fields.position, previousHash: fields.previousHash, hash: hash)
                framing.event(fields, hash: hash, &buffer)
                return buffer.count < limit
            }
            progress(cursor.walked, cursor.total)
            if buffer.count >= limit {
                sinceRelease += buffer.count
                try await sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            if sinceRelease >= Self.releaseEvery {
                // The map pages read so far would otherwise stay resident: RSS would grow with the log.
                log.environment.releaseResidentPages()
                sinceRelease = 0
            }
        }
        framing.end(summary, &buffer)
        try await sink(buffer)
        return summary
    }
}

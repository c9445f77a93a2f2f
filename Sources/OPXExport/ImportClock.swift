package import OPXEvents
import OPXStorage

/// The clock of a store opened for ``ExportImporter``: it reads the recorded-at time of the
/// events being imported, so the imported records keep their original times (and hashes).
///
/// ```swift
/// let clock = ImportClock()
/// let log = try await EventLog(path: dir, configuration: .readWrite(create: true), clock: clock.now, logger: logger)
/// let result = try await ExportImporter.run(fileAt: "audit.ndjson", into: log, clock: clock)
/// ```
package final class ImportClock: Sendable {
    private let current = Locked(Timestamp(nanoseconds: 0))

    /// A clock at the epoch until the importer sets it.
    package init() {}

    /// The time of the batch being imported.
    @Sendable
    package func now() -> Timestamp { current.withLock { $0 } }

    /// Sets the time the next append records.
    package func set(_ time: Timestamp) { current.withLock { $0 = time } }
}

import Glibc
package import Logging
package import OPXEvents
package import OPXStorage

/// The append-only, hash-chained event log of one data directory.
///
/// ```swift
/// let log = try EventLog(path: "opx-data", mode: .readWrite(create: true), logger: logger)
/// let result = try await log.append(to: try StreamID("incident-42"), expected: .noStream, events: [event])
/// let events = try log.read(from: LogPosition(1), limit: 100)
/// ```
///
/// Appends go through the environment's writer thread (group commit) and return once durable.
/// Reads use short read transactions and never hold one across an `await`.
package final class EventLog: Sendable {
    /// The storage format written under `meta/format`.
    package static let formatVersion = "opx-log/3"

    /// The LMDB environment (shared with projections, which keep their databases in it).
    package let environment: LMDBEnvironment
    /// Limits checked before any write.
    package let limits: AppendLimits
    /// The event catalogue every appended event is validated against, when given.
    package let registry: EventRegistry?
    let databases: Databases
    let clock: @Sendable () -> Timestamp
    let notifier = CommitNotifier()
    let inlineObservers = Locked<[any InlineAppendObserver]>([])
    private let sidecar: HeadSidecarWriter?
    let logger: Logger

    /// The log's databases.
    struct Databases: Sendable {
        let events: Database
        /// Streams and event ids (``KeyLayout``).
        let index: Database
        let meta: Database

        init(_ env: LMDBEnvironment) throws {
            events = try env.database("events")
            index = try env.database("index", flags: [.duplicateSort, .duplicateFixed])
            meta = try env.database("meta")
        }
    }

    /// Opens (or with `.readWrite(create: true)` creates) the log in `path`.
    ///
    /// - Parameters:
    ///   - configuration: Storage configuration; read-only logs can run beside a writer process.
    ///   - limits: Append limits.
    ///   - clock: The source of recorded-at times (tests inject one).
    /// - Throws: ``StorageError`` (locked, missing, damaged) or ``EventLogError`` (unknown format,
    ///   or a log that is behind its head sidecar: committed events were lost).
    ///   - registry: When given, every appended event is validated against its schema before any
    ///     write begins, and the custom types registered in the log (`schema.registered` events in
    ///     the `schemas` stream) are loaded into it.
    package init(path: String, configuration: LMDBEnvironment.Configuration, limits: AppendLimits = .default,
                 registry: EventRegistry? = nil, clock: @escaping @Sendable () -> Timestamp = Timestamp.now,
                 logger: Logger) async throws {
        let environment = try LMDBEnvironment(path: path, configuration: configuration, logger: logger)
        do {
            let databases = try Databases(environment)
            let (format, hasEvents) = try environment.read { txn in
                (try txn.get(databases.meta, key: Self.formatKey).map { String(decoding: $0, as: UTF8.self) },
                 try txn.count(databases.events) > 0)
            }
            if configuration.mode == .readWrite {
                if format == nil {
                    guard !hasEvents else { throw EventLogError(.unsupportedFormat, "store in \(path) has events but no format marker") }
                    let key = Self.formatKey, value = Array(Self.formatVersion.utf8), meta = databases.meta
                    try await environment.write { txn in try txn.put(meta, key: key, value: value) }
                } else if format == FormatUpgrade.previousFormat {
                    try await FormatUpgrade.run(environment: environment, databases: databases, path: path, logger: logger)
                } else if format != Self.formatVersion {
                    throw EventLogError(.unsupportedFormat, "store in \(path) has format \(format!), this opx reads \(Self.formatVersion)")
                }
                if let recorded = try HeadSidecar.read(directory: path) {
                    try Self.checkNotBehind(recorded, environment: environment, databases: databases, path: path)
                }
                let head = try environment.read { txn in try Self.head(in: txn, events: databases.events) }
                sidecar = try HeadSidecarWriter(directory: path, initial: head)
            } else {
                guard format == Self.formatVersion else {
                    let advice = format == FormatUpgrade.previousFormat
                        ? "run one writing command on it (e.g. `opx rebuild`) to upgrade its index in place"
                        : "run `opx init` for a new store"
                    throw EventLogError(.unsupportedFormat, "store in \(path) has format \(format ?? "none"), this opx reads \(Self.formatVersion); \(advice)")
                }
                sidecar = nil
            }
            self.environment = environment
            self.databases = databases
        } catch {
            environment.close()
            throw error
        }
        self.limits = limits
        self.registry = registry
        self.clock = clock
        self.logger = logger
        if registry != nil {
            do { try loadRegisteredSchemas() } catch {
                close()
                throw error
            }
        }
    }

    /// Finishes queued appends, writes the head sidecar and closes the store.
    package func close() {
        environment.close()
        sidecar?.stop()
    }

    /// The head of the log: last position, hash and time.
    package func head() throws -> LogHead {
        try environment.read { txn in try head(in: txn) }
    }

    /// The head inside an existing transaction: read from the last record.
    package func head(in txn: borrowing some Transaction & ~Copyable) throws -> LogHead {
        try Self.head(in: txn, events: databases.events)
    }

    static func head(in txn: borrowing some Transaction & ~Copyable, events: Database) throws -> LogHead {
        try txn.withCursor(events) { cursor in
            guard let (key, value) = try cursor.last() else { return .empty }
            let position = KeyLayout.readBigEndian(key)
            guard key.count == 8, let head = RecordCodec.withFields(position: position, record: value, { fields, hash in
                LogHead(position: LogPosition(position), hash: hash, recordedAt: fields.recordedAt)
            }) else {
                throw EventLogError(.corrupt(position: LogPosition(position)), "the last record (position \(position)) is malformed; run `opx verify`")
            }
            return head
        }
    }

    func committed(_ result: AppendResult, hash: EventHash) {
        sidecar?.update(position: LogPosition(result.lastPosition), hash: hash)
        notifier.notify(LogPosition(result.lastPosition))
    }

    static let formatKey: [UInt8] = Array("format".utf8)

    /// Refuses to write to a log that ends before the head recorded in the sidecar, or that holds
    /// a different hash there: appending would hide the loss.
    private static func checkNotBehind(_ recorded: (position: LogPosition, hash: EventHash),
                                       environment: LMDBEnvironment, databases: Databases, path: String) throws {
        let advice = "run `opx verify` for details; to accept the log as it is, move \(path)/\(HeadSidecar.fileName) away"
        let lastStored = try environment.read { txn in
            try txn.withCursor(databases.events) { cursor in try cursor.last().map { KeyLayout.readBigEndian($0.key) } ?? 0 }
        }
        if recorded.position.rawValue > lastStored {
            throw EventLogError(.truncated(logHead: LogPosition(lastStored), recordedHead: recorded.position),
                                "the log in \(path) ends at position \(lastStored) but position \(recorded.position) was committed: events were lost (truncated or rolled back); \(advice)")
        }
        guard recorded.position > .start else { return }
        let stored = try environment.read { txn in
            try txn.get(databases.events, key: KeyLayout.position(recorded.position.rawValue)).flatMap {
                RecordCodec.withFields(position: recorded.position.rawValue, record: $0) { _, hash in hash }
            }
        }
        if stored != recorded.hash {
            throw EventLogError(.corrupt(position: recorded.position),
                                "the record at position \(recorded.position) in \(path) does not have the hash recorded when it was committed; \(advice)")
        }
    }
}

extension Timestamp {
    /// The current wall-clock time.
    @Sendable
    package static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }
}

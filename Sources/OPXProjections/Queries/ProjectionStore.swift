package import OPXEventLog
package import OPXEvents
import OPXStorage

/// Read access to stored projections, for queries: every read is one read transaction, a
/// consistent cut of the log and of all projections together.
package struct ProjectionStore: Sendable {
    package let log: EventLog

    package init(log: EventLog) { self.log = log }

    private var environment: LMDBEnvironment { log.environment }

    /// Reads `projections`' rows (and where each stands) in one read transaction.
    /// - Throws: ``ProjectionError`` `.notBuilt` when one was never built in this store,
    ///   `.versionMismatch` when it was built by another version of its fold.
    package func read<T>(_ projections: [any Projection], _ body: (inout ProjectionReader) throws -> T) throws -> T {
        let databases = try projections.map { p -> Database in
            do { return try environment.database(p.databaseName) } catch let error as StorageError where error.code == .notInitialized {
                throw ProjectionError(.notBuilt, "projection \(p.name) has not been built in this store yet; run `opx rebuild` (any write, e.g. `opx append`, builds it too)")
            }
        }
        let positionsDB: Database
        do { positionsDB = try environment.database(ProjectionPosition.databaseName) } catch let error as StorageError where error.code == .notInitialized {
            throw ProjectionError(.notBuilt, "no projection has been built in this store yet; run `opx rebuild`")
        }
        return try environment.read { txn in
            try withUnsafePointer(to: txn) { p in
                var reader = ProjectionReader()
                reader.log = log
                reader.transaction = p
                defer { reader.transaction = nil }
                reader.head = try log.read(in: txn, from: .start, direction: .backward, limit: 1).first?.position ?? .start
                for (projection, db) in zip(projections, databases) {
                    let record = try p.pointee.get(positionsDB, key: Array(projection.name.utf8)).flatMap(ProjectionPosition.init(encoded:))
                    guard let record else {
                        throw ProjectionError(.notBuilt, "projection \(projection.name) has not been built in this store yet; run `opx rebuild`")
                    }
                    guard record.matches(projection) else {
                        throw ProjectionError(.versionMismatch, "projection \(projection.name) in this store was built by fold version \(record.version); this opx has version \(projection.version). It is rebuilt automatically on the next write, or run `opx rebuild --projection \(projection.name)`")
                    }
                    var rows = ProjectionRows(projection: projection.name, stored: true)
                    rows.source = TransactionRowSource(p, database: db)
                    reader.rows[projection.name] = rows
                    reader.positions[projection.name] = record
                }
                defer { for name in reader.rows.keys { reader.rows[name]?.source = nil } }
                return try body(&reader)
            }
        }
    }

    /// Where each registered projection stands and the digest of its stored rows, read in one
    /// read transaction. Projections never built have no entry.
    package func digests(_ projections: [any Projection]) throws -> [String: (position: ProjectionPosition, digest: ProjectionDigest)] {
        let positionsDB = try? environment.database(ProjectionPosition.databaseName)
        guard let positionsDB else { return [:] }
        let databases = projections.map { try? environment.database($0.databaseName) }
        return try environment.read { txn in
            var out: [String: (position: ProjectionPosition, digest: ProjectionDigest)] = [:]
            for (projection, db) in zip(projections, databases) {
                guard let db, let record = try txn.get(positionsDB, key: Array(projection.name.utf8)).flatMap(ProjectionPosition.init(encoded:)) else { continue }
                out[projection.name] = (record, try Self.digest(of: db, in: txn))
            }
            return out
        }
    }

    /// The digest of every row of `database`, in key order.
    static func digest(of database: Database, in txn: borrowing some Transaction & ~Copyable) throws -> ProjectionDigest {
        var builder = ProjectionDigest.Builder()
        try txn.withCursor(database) { cursor in
            var entry = try cursor.first()
            while let (key, value) = entry {
                builder.add(key: key, value: value)
                entry = try cursor.next()
            }
        }
        return builder.finish()
    }
}

/// Rows of several projections inside one read transaction. Valid only inside ``ProjectionStore/read(_:_:)``.
package struct ProjectionReader {
    /// The log's head at the cut.
    package fileprivate(set) var head: LogPosition = .start
    fileprivate var rows: [String: ProjectionRows] = [:]
    fileprivate var positions: [String: ProjectionPosition] = [:]
    /// The log, and the read transaction every read goes through (set only inside ``ProjectionStore/read(_:_:)``).
    fileprivate var log: EventLog?
    fileprivate var transaction: UnsafePointer<ReadTransaction>?

    /// Where `projection` stands.
    package func position(_ projection: String) -> ProjectionPosition? { positions[projection] }

    /// The row `key` of `projection`.
    package mutating func get<R: ProjectionRow>(_ projection: String, _ key: String, as type: R.Type) throws -> R? {
        try rows[projection]!.get(key, as: type)
    }

    /// The rows of `projection` under `prefix`, in key order.
    package mutating func scan<R: ProjectionRow>(_ projection: String, prefix: String, as type: R.Type) throws -> [(key: String, row: R)] {
        try rows[projection]!.scan(prefix: prefix, as: type)
    }

    /// The event records of `projection` under `prefix`, in key order, each with its payload read
    /// from the log in this same transaction (stored rows hold only the event's position).
    /// - Throws: ``ProjectionError`` `.corruptRow` when a row refers to a position the log does not hold.
    package mutating func records(_ projection: String, prefix: String) throws -> [(key: String, row: EventRecordRow)] {
        try scan(projection, prefix: prefix, as: EventRecordRow.self).map { key, row in
            var row = row
            guard let bytes = try event(at: LogPosition(UInt64(max(row.position, 0))))?.data else {
                throw ProjectionError(.corruptRow, "projection \(projection): row \"\(key.prefix(120))\" refers to log position \(row.position), which the log does not hold; rebuild it with `opx rebuild --projection \(projection)`")
            }
            row.payload = RawJSON(trusted: bytes)
            return (key, row)
        }
    }

    /// Each signal of `lookup` as the log holds it at this cut, read in this same transaction.
    /// - Throws: A storage error.
    package func signals(_ lookup: SignalLookup) throws -> [(id: String, signal: SignalRow?)] {
        try lookup.signals(in: log!, txn: transaction!.pointee)
    }

    /// The event at `position` in this transaction's cut of the log.
    private func event(at position: LogPosition) throws -> RecordedEvent? {
        try log!.event(at: position, in: transaction!.pointee)
    }

    /// Calls `body` with the rows of `projection` (for readers that assemble a value from several rows).
    package mutating func withRows<T>(_ projection: String, _ body: (inout ProjectionRows) throws -> T) rethrows -> T {
        try body(&rows[projection]!)
    }

    /// The keys of `projection` under `prefix`, in key order, without reading their rows.
    package mutating func keys(_ projection: String, prefix: String) throws -> [String] {
        try rows[projection]!.scan(prefix: prefix, as: MarkerRow.self).map(\.key)
    }

    /// Projections (among those read) that are behind the log's head, with their positions.
    package var behind: [(name: String, position: LogPosition)] {
        positions.filter { $0.value.position < head }.map { ($0.key, $0.value.position) }.sorted { $0.name < $1.name }
    }
}

import Logging
import OPXEvents
import OPXStorage

/// Upgrades a store written in the previous storage format in place, when a writer opens it.
///
/// `opx-log/2` kept the same records as `opx-log/3` but two index databases: `streams` (sorted
/// 16-byte revision ‖ position values per stream) and `event-ids`. The upgrade builds the `index`
/// database (``KeyLayout``) from the records, in bounded write transactions, then deletes the old
/// databases and writes the new format marker last. Until that final commit the store stays an
/// `opx-log/2` store, so a crash at any instant leaves it upgradable: the next open starts over.
enum FormatUpgrade {
    /// The format this opx upgrades from.
    static let previousFormat = "opx-log/2"

    /// Records indexed per write transaction.
    static let batchSize: UInt64 = 50_000

    static func run(environment: LMDBEnvironment, databases: EventLog.Databases, path: String, logger: Logger) async throws {
        let count = try environment.read { txn in try txn.count(databases.events) }
        logger.notice("upgrading the store in \(path) from \(previousFormat) to \(EventLog.formatVersion): indexing \(count) records")
        let index = databases.index, events = databases.events
        try await environment.write { txn in try txn.clear(index) }
        var next: UInt64 = 1
        while true {
            let from = next
            let last: UInt64? = try await environment.write { txn in try indexRecords(txn, from: from, events: events, index: index) }
            guard let last else { break }
            CrashPoint.hit("upgrade.afterBatch")
            next = last + 1
        }
        for name in ["streams", "event-ids"] {
            try await environment.dropDatabase(try environment.database(name, flags: name == "streams" ? [.duplicateSort, .duplicateFixed] : []))
        }
        let meta = databases.meta, marker = Array(EventLog.formatVersion.utf8)
        try await environment.write { txn in try txn.put(meta, key: EventLog.formatKey, value: marker) }
        logger.notice("upgraded the store in \(path) to \(EventLog.formatVersion)")
    }

    /// Indexes up to ``batchSize`` records from position `from`; returns the last position indexed, `nil` past the end.
    private static func indexRecords(_ txn: borrowing WriteTransaction, from: UInt64, events: Database, index: Database) throws -> UInt64? {
        var last: UInt64?
        var indexed: UInt64 = 0
        var idKey = [UInt8](repeating: KeyLayout.eventIDPrefix, count: 17)
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atLeast: KeyLayout.position(from))
            while let (key, record) = entry, indexed < batchSize {
                let position = KeyLayout.readBigEndian(key)
                guard let identity = RecordCodec.identity(record) else {
                    throw EventLogError(.corrupt(position: LogPosition(position)),
                                        "record \(position) is malformed, so the store cannot be upgraded; run `opx verify` with the opx that wrote it")
                }
                identity.id.withUnsafeBytes { id in idKey.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: id.baseAddress!, byteCount: 16) } }
                try txn.put(index, key: identity.stream, value: key, flags: .appendDuplicate)
                try idKey.withUnsafeBytes { try txn.put(index, key: $0, value: key, flags: .noOverwrite) }
                last = position
                indexed += 1
                entry = try cursor.next()
            }
        }
        return last
    }
}

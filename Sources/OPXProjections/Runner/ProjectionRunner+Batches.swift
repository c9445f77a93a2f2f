import Dispatch
import OPXEventLog
import OPXEvents
import OPXStorage

// The batches of a catch-up: folding a page (projections in parallel) and writing its rows with
// the positions reached, in one transaction.
extension ProjectionRunner {
    /// Folds `page` into every member — members in parallel, each with its own read transaction
    /// (they share nothing but the page) — and, with `take` (the page ends a batch), returns each
    /// member's rows changed since the last take, encoded (otherwise no changes: they stay in the
    /// members' rows for the batch's next page).
    ///
    /// Each member's cache is then trimmed on its worker (``ProjectionRows/trim(maxRows:)``): the
    /// caller writes the changes, and folds the next batch only after the write before this one
    /// committed, which is what the trim relies on.
    ///
    /// With `prefetch`, one more worker reads the page that follows (up to `limit`, at most `size`
    /// records) meanwhile (``FoldSet/readPage(_:limit:pageSize:after:)``): reading the log is then no
    /// longer a pause between folds.
    ///
    /// The tasks start longest first by the previous batch's CPU times (``FoldTimes/order(tasks:)``),
    /// and this batch's are added to `times`.
    func fold(_ page: FoldSet.Page, into set: inout FoldSet, indices: [Int], take: Bool = true,
              prefetch: (limit: UInt64, size: Int)? = nil,
              times: inout FoldTimes) throws -> (changes: [RowChanges], next: FoldSet.Page?) {
        let count = set.members.count
        let tasks = count + (prefetch == nil ? 0 : 1)
        let order = times.order(tasks: tasks)
        var results = [Result<RowChanges, any Error>](repeating: .success(RowChanges()), count: count)
        var cpu = [UInt64](repeating: 0, count: tasks)
        let store = self.store, databases = indices.map { self.databases[$0] }, cacheRows = self.cacheRows
        let reader = PageReader(log: log, set: set)
        var next: Result<FoldSet.Page, any Error>?
        let started = DispatchTime.now().uptimeNanoseconds
        set.members.withUnsafeMutableBufferPointer { members in
            results.withUnsafeMutableBufferPointer { out in
                cpu.withUnsafeMutableBufferPointer { cpu in
                    withUnsafeMutablePointer(to: &next) { next in
                        let shared = ParallelSlots(members: members, results: out, cpu: cpu, next: next)
                        DispatchQueue.concurrentPerform(iterations: tasks) { n in
                            let i = order[n]
                            let cpuStart = FoldTimes.threadCPU()
                            defer { shared.cpu[i] = FoldTimes.threadCPU() - cpuStart }
                            guard i < count else {
                                shared.next.pointee = Result { try reader.read(after: page, limit: prefetch!.limit, size: prefetch!.size) }
                                return
                            }
                            shared.results[i] = Result {
                                try store.read { txn in
                                    try withUnsafePointer(to: txn) { p in
                                        shared.members[i].rows.source = TransactionRowSource(p, database: databases[i])
                                        defer { shared.members[i].rows.source = nil }
                                        try FoldSet.apply(page, to: &shared.members[i], bit: 1 << UInt64(i))
                                    }
                                }
                                guard take else { return RowChanges() }
                                let changes = shared.members[i].rows.takeChanges()
                                shared.members[i].rows.trim(maxRows: cacheRows)
                                return changes
                            }
                        }
                    }
                }
            }
        }
        times.add(cpu: cpu, names: set.members.map(\.projection.name), wall: DispatchTime.now().uptimeNanoseconds - started)
        return (try results.map { try $0.get() }, try next?.get())
    }

    /// One projection's part of a batch write.
    struct WriteItem: Sendable {
        let member: Int
        let projection: any Projection
        let database: Database
        let key: [UInt8]
        let expected: ProjectionPosition
        var next: ProjectionPosition
        let changes: RowChanges
        let tail: Bool
    }

    /// What to write for one folded batch: every member's changed rows and new position.
    func writeItems(set: FoldSet, changes: [RowChanges], indices: [Int], before: [LogPosition], head: UInt64,
                            allowTail: Bool) throws -> [WriteItem] {
        var items: [WriteItem] = []
        let stored = try storedPositions()
        for i in set.members.indices where set.members[i].applied != before[i] || !changes[i].isEmpty {
            let applied = set.members[i].applied
            let r = registrations[indices[i]]
            let fingerprint = ProjectionPosition.fingerprint(r.projection.configuration)
            let rebuilding = stored[r.projection.name]?.rebuilding ?? false
            items.append(WriteItem(member: i, projection: r.projection, database: databases[indices[i]], key: Array(r.projection.name.utf8),
                                   expected: ProjectionPosition(version: r.projection.version, position: before[i], rebuilding: rebuilding,
                                                                configuration: fingerprint),
                                   next: ProjectionPosition(version: r.projection.version, position: applied, rebuilding: rebuilding,
                                                            configuration: fingerprint),
                                   changes: changes[i], tail: allowTail && r.mode == .inline && isLive && applied.rawValue >= head))
        }
        return items
    }

    /// Writes one folded batch, checking that no position moved meanwhile; inline members that
    /// reached the page end also fold, in the same transaction, what was appended since (so
    /// appends keep them current from then on). A rebuild that reached the head is marked done.
    /// - Returns: the position each member's rows now stand at (tail folds included), by member index.
    func write(_ items: [WriteItem]) async throws -> [Int: LogPosition] {
        guard !items.isEmpty else { return [:] }
        let weight = items.reduce(0) { $0 + $1.changes.byteCount }
        let head = try log.head().position.rawValue
        let positions = self.positions, log = self.log
        let tailLimit = batchSize
        return try await store.write(weight: max(weight, 1)) { txn in
            for item in items {
                let stored = try txn.get(positions, key: item.key).flatMap(ProjectionPosition.init(encoded:))
                guard stored == item.expected else {
                    throw ProjectionError(.conflict, "projection \(item.projection.name) is at \(stored.map { "\($0.position)" } ?? "no position"), expected \(item.expected.position)")
                }
            }
            var finals: [Int: LogPosition] = [:]
            for item in items {
                try Self.write(item.changes, to: item.database, in: txn) { n in
                    if n == item.changes.count / 2 { CrashPoint.hit("projection.midBatch") }
                }
                var next = item.next
                if item.tail {
                    // Only for the log's own environment (isLive): read the tail inside this transaction.
                    let tail = try log.read(in: txn, from: next.position.next, direction: .forward, limit: tailLimit + 1)
                    if tail.count <= tailLimit {
                        if let last = tail.last {
                            try Self.foldInTransaction(txn, item.projection, item.database, tail)
                            next.position = last.position
                        }
                        next.rebuilding = false
                    }
                } else if next.rebuilding, next.position.rawValue >= head {
                    next.rebuilding = false   // the rebuild reached the head
                }
                try txn.put(positions, key: item.key, value: next.encoded)
                finals[item.member] = next.position
            }
            return finals
        }
    }

    /// Folds `events` into `projection`'s rows inside a write transaction.
    static func foldInTransaction(_ txn: borrowing WriteTransaction, _ projection: any Projection, _ database: Database,
                                          _ events: [RecordedEvent]) throws {
        let filter = EventFilter([projection])
        try withUnsafePointer(to: txn) { txn in
            var rows = ProjectionRows(projection: projection.name, stored: true)
            rows.source = TransactionRowSource(txn, database: database)
            for event in events where filter.mask(event.type.rawValue) != 0 {
                try projection.apply(ProjectionEvent(event), to: &rows)
            }
            try write(rows.takeChanges(), to: database, in: txn.pointee)
            rows.source = nil
        }
    }
}

extension ProjectionRunner {
    /// Writes a batch's changed rows (in key order) through one cursor, calling `after` with each
    /// change's index once it is written.
    static func write(_ changes: RowChanges, to database: Database, in txn: borrowing WriteTransaction,
                      after: (Int) -> Void = { _ in }) throws {
        try txn.withWriteCursor(database) { cursor in
            try changes.forEach { n, key, value in
                if let value { try cursor.put(key: key, value: value) } else { try cursor.delete(key: key) }
                after(n)
            }
        }
    }
}

/// The members and result slots of one parallel fold, shared with the worker threads.
private struct ParallelSlots: @unchecked Sendable {
    // Safe to share: the worker of task i touches only members[i], results[i] and cpu[i] (the
    // prefetching task only `next` and its cpu slot), and the buffers outlive `concurrentPerform`,
    // which returns only after every worker finished.
    let members: UnsafeMutableBufferPointer<FoldSet.Member>
    let results: UnsafeMutableBufferPointer<Result<RowChanges, any Error>>
    let cpu: UnsafeMutableBufferPointer<UInt64>
    let next: UnsafeMutablePointer<Result<FoldSet.Page, any Error>?>
}

/// Reads the page after the one being folded, from a copy of the fold set taken before the fold
/// (the workers change the set's members meanwhile).
private struct PageReader: @unchecked Sendable {
    // Safe to share: the copy is only read, and by one worker; the rows in it (shared caches) are never touched.
    let log: EventLog
    let set: FoldSet

    func read(after page: FoldSet.Page, limit: UInt64, size: Int) throws -> FoldSet.Page {
        try set.readPage(log, limit: limit, pageSize: size, after: page)
    }
}


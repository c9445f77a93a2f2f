import Dispatch
package import Logging
package import OPXEventLog
package import OPXEvents
package import OPXStorage

/// Keeps projections' stored rows equal to the fold of the log (RELIABILITY.md INV-7, INV-8).
///
/// Each projection's rows live in the database `projection.<name>`; its version and the last
/// position folded live in `projection-positions`, written in the same transaction as the rows.
/// So a crash at any instant leaves rows that match their recorded position, and folding on from
/// there gives the same rows as folding from scratch.
///
/// - **Inline** projections are folded inside each append's transaction (``InlineProjector``), so
///   they are never behind the log once caught up.
/// - **Catch-up** folds the log after it was committed, in bounded write transactions of
///   ``batchSize`` events, from each projection's stored position: used for catch-up projections,
///   and for inline ones while they are behind (new, version changed, rebuilding).
/// - A projection whose stored version (or configuration) differs from its code is cleared and
///   refolded; its rows and position are reset in one transaction, so an interrupted rebuild simply
///   resumes.
///
/// ```swift
/// let runner = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.all(), logger: logger)
/// try await runner.catchUp()
/// ```
package final class ProjectionRunner: Sendable {
    /// How a projection is kept up to date.
    package enum Mode: Sendable, Hashable {
        /// In the append's own transaction.
        case inline
        /// After commit, by ``catchUp(until:only:progress:)`` or ``follow(pollInterval:progress:)``.
        case catchUp
    }

    /// One projection and how it is run.
    package struct Registration: Sendable {
        package let projection: any Projection
        package let mode: Mode
        package init(_ projection: any Projection, mode: Mode) {
            self.projection = projection
            self.mode = mode
        }
    }

    /// The log folded.
    package let log: EventLog
    /// The environment holding the rows and positions: the log's own, or a scratch one (`rebuild --check`).
    package let store: LMDBEnvironment
    /// The registered projections.
    package let registrations: [Registration]
    /// Events per write transaction when catching up.
    package let batchSize: Int
    /// Events read and folded per page, at most ``batchSize``: a write transaction commits the pages
    /// folded since the last one once they hold ``batchSize`` events.
    package let pageSize: Int
    /// Rows each projection keeps decoded between batches.
    package let cacheRows: Int
    let databases: [Database]
    let positions: Database
    let logger: Logger

    var isLive: Bool { store === log.environment }

    private init(log: EventLog, store: LMDBEnvironment, registrations: [Registration], databases: [Database],
                 positions: Database, batchSize: Int, pageSize: Int, cacheRows: Int, logger: Logger) {
        self.log = log
        self.store = store
        self.registrations = registrations
        self.databases = databases
        self.positions = positions
        self.batchSize = batchSize
        self.pageSize = max(1, min(batchSize, pageSize))
        self.cacheRows = cacheRows
        self.logger = logger
    }

    /// Events folded per write transaction in catch-up and rebuild, unless a caller asks otherwise. Larger batches
    /// cost less CPU per event and more memory: fewer commits (each writes and syncs the pages it dirtied, and a
    /// row changed in several pages of one batch is encoded and its leaf page written once) against the batch's
    /// changed rows and encoded changes held until it commits. In a rebuild of the 1M-event benchmark log
    /// (`Tools/bench/projections/README.md`, round 12a), 20,000 against 5,000 (both in pages of 5,000): 23 %
    /// fewer bytes written, about a third less CPU in the writer thread and 6–8 % less in all, for 20–40 MB
    /// more peak resident memory (about 206–222 MB into empty projections).
    package static let defaultBatchSize = 20_000

    /// Events read and folded as one page, unless a caller asks otherwise. A batch of more events folds several
    /// pages before it commits: the pages' payloads (the bulk of a page's memory) stay bounded whatever the batch.
    package static let defaultPageSize = 5000

    /// Opens the projections' databases in a writable `store` (default: the log's environment),
    /// resets those whose stored version or configuration differs (logging it), and registers the
    /// inline ones with the log. Folds nothing yet: call ``catchUp(until:only:progress:)``.
    ///
    /// `batchSize` events are committed per write transaction, read and folded in pages of `pageSize`
    /// events (at most `batchSize`).
    /// - Throws: ``ProjectionError`` for duplicate names; storage errors.
    package static func open(log: EventLog, projections: [Registration], store: LMDBEnvironment? = nil,
                             batchSize: Int = defaultBatchSize, pageSize: Int = defaultPageSize, cacheRows: Int = 2048,
                             logger: Logger) async throws -> ProjectionRunner {
        let store = store ?? log.environment
        var seen = Set<String>()
        for r in projections where !seen.insert(r.projection.name).inserted {
            throw ProjectionError(.unknownProjection, "projection \(r.projection.name) is registered twice")
        }
        let databases = try projections.map { try store.database($0.projection.databaseName) }
        let positions = try store.database(ProjectionPosition.databaseName)
        let runner = ProjectionRunner(log: log, store: store, registrations: projections, databases: databases,
                                      positions: positions, batchSize: batchSize, pageSize: pageSize, cacheRows: cacheRows, logger: logger)
        try await runner.resetOutdated()
        if runner.isLive {
            let inline = projections.indices.filter { projections[$0].mode == .inline }.map {
                InlineProjector.Member(projection: projections[$0].projection, database: databases[$0],
                                       key: Array(projections[$0].projection.name.utf8))
            }
            if !inline.isEmpty { log.addInlineObserver(InlineProjector(members: inline, positions: positions)) }
        }
        return runner
    }

    // MARK: - Positions

    /// The stored record of every registered projection (`nil` entries are not stored yet).
    package func storedPositions() throws -> [String: ProjectionPosition] {
        try store.read { txn in
            var out: [String: ProjectionPosition] = [:]
            for r in registrations {
                out[r.projection.name] = try txn.get(positions, key: Array(r.projection.name.utf8)).flatMap(ProjectionPosition.init(encoded:))
            }
            return out
        }
    }

    /// Creates missing records and resets projections built by another version or configuration.
    private func resetOutdated() async throws {
        let stored = try storedPositions()
        var resets: [Int] = []
        for (i, r) in registrations.enumerated() {
            let p = r.projection
            if let record = stored[p.name] {
                guard !record.matches(p) else { continue }
                let why = record.version != p.version ? "version \(record.version) → \(p.version)" : "configuration changed"
                logger.notice("projection rebuilt from position 1: stored rows were built by another fold (\(why))",
                              metadata: ["opx.projection": "\(p.name)"])
            }
            resets.append(i)
        }
        if !resets.isEmpty { try await reset(resets, rebuilding: true) }
    }

    /// Clears the rows of `indices` and sets their position to 0, in one transaction.
    private func reset(_ indices: [Int], rebuilding: Bool) async throws {
        let items = indices.map { i in
            (database: databases[i], key: Array(registrations[i].projection.name.utf8),
             record: ProjectionPosition(version: registrations[i].projection.version, position: .start, rebuilding: rebuilding,
                                        configuration: ProjectionPosition.fingerprint(registrations[i].projection.configuration)))
        }
        let positions = self.positions
        try await store.write { txn in
            for item in items {
                try txn.clear(item.database)
                try txn.put(positions, key: item.key, value: item.record.encoded)
            }
        }
        releaseMappedPages()   // clearing walked every page of the old rows
    }

    // MARK: - Catch-up

    /// What a catch-up did.
    package struct Report: Sendable {
        /// Log records read.
        package var eventsRead: UInt64 = 0
        /// Write transactions committed.
        package var batches = 0
        /// Wall time in seconds.
        package var seconds: Double = 0
        /// Each projection's position afterwards.
        package var positions: [String: LogPosition] = [:]
        /// Where the time went: CPU per member and for reading pages, wall time folding and waiting for writes.
        package var times = FoldTimes()
        /// Records read per second.
        package var eventsPerSecond: Double { seconds > 0 ? Double(eventsRead) / seconds : 0 }
    }

    /// Progress of a long fold: records read so far, records to read in all.
    package typealias ProgressHandler = @Sendable (_ done: UInt64, _ total: UInt64) -> Void

    /// Folds every registered projection (or those in `only`) that is behind, to the head of the log
    /// as it is when each page starts (or to `until`), in write transactions of ``batchSize`` events
    /// (pages of ``pageSize`` events folded in a row, the last one short where the log or `until` ends).
    ///
    /// Resumes from each projection's stored position, so it is safe to interrupt at any instant
    /// and to run again (a cancelled task stops between batches with `CancellationError`). Inline
    /// projections become live at the end: their last batch also folds, in its own transaction,
    /// whatever was appended meanwhile.
    /// - Throws: storage errors; ``ProjectionError`` when a stored row is damaged.
    @discardableResult
    package func catchUp(until: LogPosition? = nil, only: Set<String>? = nil,
                         progress: ProgressHandler? = nil) async throws -> Report {
        let started = DispatchTime.now().uptimeNanoseconds
        var report = Report()
        var indices = registrations.indices.filter { only?.contains(registrations[$0].projection.name) ?? true }
        var set = try loadFoldSet(indices, until: until)
        let limit = until?.rawValue ?? UInt64.max
        let startHead = try log.head().position.rawValue
        let first = set.lowestApplied(upTo: min(limit, startHead)) ?? startHead
        let total = min(limit, startHead) > first ? min(limit, startHead) - first : 0
        var conflicts = 0
        // One write is in flight while the next page is folded (the writer thread commits and
        // fsyncs batch k while this task folds batch k+1); batch k+1 is submitted only after
        // batch k committed, so its position check sees k's positions.
        try await withThrowingTaskGroup(of: [Int: LogPosition].self) { writes in
            var inFlight = false
            var inFlightHead: UInt64 = 0
            /// Waits for the write in flight; false when the fold set had to be reloaded.
            func settled(_ finals: Result<[Int: LogPosition]?, any Error>) throws -> Bool {
                inFlight = false
                let written: [Int: LogPosition]
                do {
                    written = try finals.get() ?? [:]
                } catch let error as ProjectionError where error.code == .conflict && conflicts < 100 {
                    conflicts += 1
                    logger.info("projection moved under catch-up; reloading", metadata: ["opx.error": "\(error)"])
                    set = try loadFoldSet(indices, until: until)
                    return false
                }
                // Inline projections that this write brought to the head are kept there by appends
                // from now on (the page folded meanwhile is void for them: reload without them).
                let live = set.members.indices.filter {
                    registrations[indices[$0]].mode == .inline && isLive && (written[$0]?.rawValue ?? 0) >= inFlightHead
                }
                if !live.isEmpty && until == nil {
                    for i in live { report.positions[set.members[i].projection.name] = written[i] }
                    indices = indices.enumerated().filter { !live.contains($0.offset) }.map(\.element)
                    set = try loadFoldSet(indices, until: until, keeping: set)
                    return false
                }
                return true
            }
            func waitForWrite() async throws -> Bool {
                guard inFlight else { return true }
                let result: Result<[Int: LogPosition]?, any Error>
                let waitStarted = DispatchTime.now().uptimeNanoseconds
                do { result = .success(try await writes.next()) } catch { result = .failure(error) }
                report.times.writeWait += Double(DispatchTime.now().uptimeNanoseconds - waitStarted) / 1e9
                return try settled(result)
            }
            do {
                // The page read while the one before was folded; valid only if nothing reloaded the set.
                var prefetched: FoldSet.Page?
                // The members' positions before the batch's first page, once a page of it was folded
                // (its changes are taken when the batch ends), and the records read into it.
                var batchStart: [LogPosition]?
                var batchRead = 0
                var pages = 0
                outer: while true {
                    while true {
                        try Task.checkCancellation()
                        let head = try log.head().position.rawValue
                        // A batch's last page is cut short so that the batch holds `batchSize` events.
                        let size = min(pageSize, batchSize - batchRead)
                        let page: FoldSet.Page
                        if let next = prefetched, next.last > 0 { page = next }
                        else { page = try set.readPage(log, limit: min(limit, head), pageSize: size) }
                        prefetched = nil
                        // An empty page still ends a batch that has folded pages (it then only takes their changes).
                        guard page.last > 0 || batchStart != nil else { break }
                        let before = batchStart ?? set.members.map(\.applied)
                        let read = batchRead + page.read
                        let ends = page.read < size || read >= batchSize
                        let nextSize = ends ? min(pageSize, batchSize) : min(pageSize, batchSize - read)
                        let (changes, next) = try fold(page, into: &set, indices: indices, take: ends,
                                                        prefetch: page.last > 0 ? (min(limit, head), nextSize) : nil, times: &report.times)
                        pages += 1
                        if pages % MappedPages.mapReleaseInterval == 0 {
                            releaseMappedPages(trimHeap: pages % MappedPages.heapTrimInterval == 0)
                        }
                        guard ends else {
                            batchStart = before
                            batchRead = read
                            prefetched = next
                            continue
                        }
                        batchStart = nil
                        batchRead = 0
                        // If the previous write changed the set (a conflict, projections gone live), this batch is void.
                        guard try await waitForWrite() else { continue }
                        prefetched = next
                        let items = try writeItems(set: set, changes: changes, indices: indices, before: before, head: head,
                                                   allowTail: until == nil)
                        inFlightHead = head
                        inFlight = true
                        writes.addTask { try await self.write(items) }
                        report.eventsRead += UInt64(read)
                        report.batches += 1
                        progress?(min(report.eventsRead, max(total, report.eventsRead)), max(total, report.eventsRead))
                    }
                    if try await waitForWrite() { break outer }
                }
            } catch {
                writes.cancelAll()
                while (try? await writes.next()) != nil {}
                for i in set.members.indices { set.members[i].rows.discardCache() }
                throw error
            }
        }
        for m in set.members { report.positions[m.projection.name] = m.applied }
        try await finishRebuilds(only: Set(indices.map { registrations[$0].projection.name }))
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if report.eventsRead > 0 {
            logger.info("projections caught up", metadata: [
                "opx.events": "\(report.eventsRead)", "opx.batches": "\(report.batches)",
                "opx.eventsPerSecond": "\(Int(report.eventsPerSecond))",
            ])
        }
        return report
    }

    /// Drops the log's (and a scratch store's) resident map pages during long folds, and trims the
    /// heap when `trimHeap` is set; see ``MappedPages``.
    private func releaseMappedPages(trimHeap: Bool = true) {
        MappedPages.release(log.environment, trimHeap: trimHeap)
        if !isLive { MappedPages.release(store, trimHeap: false) }
    }

    /// Clears the rebuilding flag of projections that have reached the head (a rebuild of an empty
    /// log, or one whose last batch ended exactly at the head).
    private func finishRebuilds(only names: Set<String>) async throws {
        let positions = self.positions
        let keys = registrations.map(\.projection.name).filter(names.contains).map { Array($0.utf8) }
        let pending = try store.read { txn in
            try keys.contains { try txn.get(positions, key: $0).flatMap(ProjectionPosition.init(encoded:))?.rebuilding == true }
        }
        guard pending else { return }
        // Read outside the write: `store` may be a scratch environment that holds no log.
        let head = try log.head().position
        try await store.write { txn in
            for key in keys {
                guard var record = try txn.get(positions, key: key).flatMap(ProjectionPosition.init(encoded:)),
                      record.rebuilding, record.position >= head else { continue }
                record.rebuilding = false
                try txn.put(positions, key: key, value: record.encoded)
            }
        }
    }

    /// A fold set of the registrations at `indices`, at their stored positions, with rows over their databases.
    private func loadFoldSet(_ indices: [Int], until: LogPosition?, keeping previous: FoldSet? = nil) throws -> FoldSet {
        let stored = try storedPositions()
        var set = FoldSet(projections: indices.map { registrations[$0].projection }, stored: true)
        for (i, index) in indices.enumerated() {
            let p = registrations[index].projection
            guard let record = stored[p.name], record.matches(p) else {
                throw ProjectionError(.conflict, "projection \(p.name) was reset while catching up")
            }
            set.members[i].applied = record.position
            set.members[i].until = until ?? LogPosition(.max)
            if let kept = previous?.members.first(where: { $0.projection.name == p.name }), kept.applied == record.position {
                set.members[i].rows = kept.rows
            }
        }
        return set
    }

    // MARK: - Rebuild and follow

    /// Clears the named projections (all when `names` is empty) and refolds them from position 1.
    ///
    /// A rebuild interrupted earlier (a crash, Ctrl-C) resumes where it stopped unless `restart` is
    /// set: its cleared rows and position were committed together, batch by batch.
    /// - Returns: the catch-up report, and the names whose interrupted rebuild was resumed.
    package func rebuild(_ names: Set<String> = [], restart: Bool = false,
                         progress: ProgressHandler? = nil) async throws -> (report: Report, resumed: [String]) {
        let selected = try select(names)
        let stored = try storedPositions()
        var resumed: [String] = []
        var fresh: [Int] = []
        for i in selected {
            let name = registrations[i].projection.name
            if !restart, let record = stored[name], record.rebuilding, record.matches(registrations[i].projection) {
                resumed.append(name)
                logger.notice("resuming interrupted rebuild", metadata: ["opx.projection": "\(name)", "opx.position": "\(record.position)"])
            } else {
                fresh.append(i)
                logger.info("rebuilding from position 1", metadata: ["opx.projection": "\(name)"])
            }
        }
        if !fresh.isEmpty { try await reset(fresh, rebuilding: true) }
        let report = try await catchUp(only: Set(selected.map { registrations[$0].projection.name }), progress: progress)
        return (report, resumed)
    }

    /// Follows the log: catches up, waits for new commits, catches up again, until cancelled.
    /// For catch-up projections in a long-running process (the server).
    package func follow(pollInterval: Duration = .milliseconds(200), progress: ProgressHandler? = nil) async throws {
        let catchUpNames = Set(registrations.filter { $0.mode == .catchUp }.map(\.projection.name))
        while !Task.isCancelled {
            let report = try await catchUp(only: catchUpNames, progress: progress)
            // Wait for the first event after what was folded, not after the head as it is now: an event appended
            // after the catch-up last read the head would otherwise wait for the next append (or forever).
            let folded = try report.positions.values.min() ?? log.head().position
            var waiter = log.subscribe(from: folded.next, pageSize: 1, pollInterval: pollInterval).makeAsyncIterator()
            _ = try await waiter.next()
        }
    }

    /// Registration indices for `names` (all when empty).
    /// - Throws: ``ProjectionError`` `.unknownProjection` naming the known ones.
    func select(_ names: Set<String>) throws -> [Int] {
        if names.isEmpty { return Array(registrations.indices) }
        let known = Set(registrations.map(\.projection.name))
        if let unknown = names.subtracting(known).sorted().first {
            throw ProjectionError(.unknownProjection, "no projection named \"\(unknown)\"; known: \(known.sorted().joined(separator: ", "))")
        }
        return registrations.indices.filter { names.contains(registrations[$0].projection.name) }
    }
}

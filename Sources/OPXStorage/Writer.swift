import CLMDB
import Foundation
import Logging

/// The one thread that runs every write transaction of an environment, with group commit.
///
/// Each write job is a synchronous closure over a ``WriteTransaction``. Jobs that arrive while a
/// commit is in flight are run together in the next transaction and share its commit (and fsync).
/// A job's caller is resumed only after that commit returned, so its writes are durable.
/// Begin, every put and commit happen on this thread with no suspension point inside, which is
/// what LMDB requires of write transactions (RELIABILITY.md P7).
///
/// A job that throws without having written anything fails alone. A job that throws after it
/// wrote something forces the transaction to be aborted; the other jobs of the group are then
/// run again in a fresh transaction, so jobs must be pure functions of the store's state.
/// `MDB_MAP_FULL` (from a put or from commit) aborts, grows the map and retries the group.
final class Writer: @unchecked Sendable {
    // Safe to share: `queue` and `stopping` are guarded by `condition`; everything else is
    // touched only by the writer thread.
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private unowned(unsafe) let environment: LMDBEnvironment
    private let logger: Logger
    private let maximumGroupWeight: Int
    private let statistics: WriterStatistics
    private let completions = DispatchQueue(label: "opx-writer-completions")
    /// How many jobs the last committed group had (writer thread only).
    private var lastGroupSize = 0
    /// How long after a group starts the writer keeps taking jobs while the group is smaller than the last one
    /// (adaptive group commit).
    private static let gatherWindow: TimeInterval = 0.000_5

    init(environment: LMDBEnvironment, logger: Logger, maximumGroupWeight: Int, statistics: WriterStatistics) {
        self.environment = environment
        self.logger = logger
        self.maximumGroupWeight = maximumGroupWeight
        self.statistics = statistics
        let thread = Thread { [self] in run() }
        thread.name = "opx-writer"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues `body`; returns its result once the transaction that ran it is committed.
    func submit<T: Sendable>(weight: Int, _ body: @escaping @Sendable (borrowing WriteTransaction) throws -> T) async throws -> T {
        try await enqueue(weight: weight, body).value
    }

    /// Queues `body` behind the jobs queued before it and returns at once; its result comes once the transaction
    /// that ran it is committed.
    func enqueue<T: Sendable>(weight: Int, _ body: @escaping @Sendable (borrowing WriteTransaction) throws -> T) -> PendingWrite<T> {
        let pending = PendingWrite<T>(statistics: statistics)
        let job = Job(weight: weight,
                      execute: { txn in try pending.run(body, in: txn) },
                      complete: { error, committed in pending.finish(error, committed: committed) })
        condition.lock()
        if stopping {
            condition.unlock()
            job.complete(StorageError(.closed, operation: "write", path: environment.path))
            return pending
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
        return pending
    }

    /// Finishes the queued jobs, then stops the thread and waits for it.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    // MARK: - Writer thread

    private func run() {
        while let group = nextGroup() {
            runGroup(group)
        }
        finished.signal()
    }

    /// Waits for work, then takes the queued jobs that fit one group's weight.
    private func nextGroup() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping { condition.wait() }
        if queue.isEmpty { return nil }
        var weight = 0
        return takeQueued(weight: &weight)
    }

    /// Removes and returns the queued jobs that fit in the group beside `weight` (at least one job when the group
    /// is empty). Call with `condition` locked.
    private func takeQueued(weight: inout Int) -> [Job] {
        var count = 0
        for job in queue {
            if weight > 0 && weight + job.weight > maximumGroupWeight { break }
            weight += job.weight
            count += 1
        }
        let taken = Array(queue.prefix(count))
        queue.removeFirst(count)
        return taken
    }

    /// More jobs for the open transaction of a group that has run `executed` jobs of `weight`.
    ///
    /// Fewer jobs than the last group had: its callers are most likely on their way back with their next write
    /// (they were resumed a moment ago). The writer runs whatever arrives, as it arrives, until the group is as
    /// large as the last one or ``gatherWindow`` after `started` has passed, so the callers share one commit
    /// instead of splitting into a small and a large one, and their jobs' work overlaps their arrival. A lone
    /// appender never waits (its last group had one job).
    private func gather(executed: Int, weight: inout Int, started: Date) -> [Job] {
        guard executed < lastGroupSize, weight < maximumGroupWeight else { return [] }
        let deadline = started.addingTimeInterval(Self.gatherWindow)
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !stopping, condition.wait(until: deadline) {}
        return takeQueued(weight: &weight)
    }

    private func runGroup(_ jobs: [Job]) {
        var remaining = jobs
        let started = DispatchTime.now().uptimeNanoseconds
        let gatherStart = Date()
        var weight = jobs.reduce(0) { $0 + $1.weight }
        while !remaining.isEmpty {
            var raw: OpaquePointer?
            var rc = mdb_txn_begin(environment.handle, nil, 0, &raw)
            if rc == MDB_MAP_RESIZED {
                environment.adoptMapSize()
                rc = mdb_txn_begin(environment.handle, nil, 0, &raw)
            }
            if rc != 0 {
                fail(remaining, StorageError(returnCode: rc, operation: "mdb_txn_begin", path: environment.path))
                return
            }
            let writes = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            writes.initialize(to: 0)
            defer { writes.deallocate() }
            let txn = WriteTransaction(handle: raw!, writes: writes)
            var succeeded: [Job] = []
            var outcome = GroupOutcome.commit
            var next = 0
            while true {
                if next == remaining.count {
                    let more = gather(executed: next, weight: &weight, started: gatherStart)
                    if more.isEmpty { break }
                    remaining += more
                }
                let job = remaining[next]
                next += 1
                let before = writes.pointee
                job.ran = DispatchTime.now().uptimeNanoseconds
                do {
                    try job.execute(txn)
                    succeeded.append(job)
                } catch let error as StorageError where error.isMapFull {
                    outcome = .growAndRetry(error)
                    break
                } catch {
                    if writes.pointee == before {
                        job.complete(error)   // nothing of it is in the transaction
                    } else {
                        outcome = .dropAndRetry(job, error)
                        break
                    }
                }
            }
            switch outcome {
            case .commit:
                CrashPoint.hit("append.beforeCommit")
                let syncStarted = DispatchTime.now().uptimeNanoseconds
                let rc = mdb_txn_commit(raw)   // frees the transaction even when it fails
                if rc == MDB_MAP_FULL {
                    if let error = growMap(StorageError(returnCode: rc, operation: "mdb_txn_commit", path: environment.path)) {
                        fail(succeeded, error)
                        return
                    }
                    remaining = succeeded
                    continue
                }
                if rc != 0 {
                    let error = StorageError(returnCode: rc, operation: "mdb_txn_commit", path: environment.path)
                    logger.error("commit failed", metadata: ["opx.error": "\(error)"])
                    fail(succeeded, error)
                    return
                }
                let committed = DispatchTime.now().uptimeNanoseconds
                statistics.record(WriterStatistics.Commit(began: started, syncStarted: syncStarted, committed: committed,
                                                          weight: succeeded.reduce(0) { $0 + $1.weight },
                                                          jobs: succeeded.map { ($0.queued, $0.ran) }))
                lastGroupSize = succeeded.count
                // Resuming a waiting task wakes a thread (a syscall per job); for a group, do it off the writer
                // thread so the next group's transaction starts at once. A lone job is answered right here:
                // handing it to another thread first would only add a wake-up to its latency.
                let done = succeeded
                if done.count == 1 {
                    done[0].complete(nil, committed: committed)
                } else {
                    completions.async { for job in done { job.complete(nil, committed: committed) } }
                }
                environment.trimResidentMapIfGrown()
                return
            case .growAndRetry(let error):
                mdb_txn_abort(raw)
                if let failure = growMap(error) {
                    fail(remaining, failure)
                    return
                }
            case .dropAndRetry(let culprit, let error):
                mdb_txn_abort(raw)
                culprit.complete(error)
                remaining = remaining.filter { $0 !== culprit }
            }
            // Jobs that failed without writing were completed already; run the rest again.
            remaining = remaining.filter { job in !job.completed }
        }
    }

    /// Grows the map after `MDB_MAP_FULL`; returns an error when it cannot grow further.
    private func growMap(_ cause: StorageError) -> StorageError? {
        CrashPoint.hit("mapGrow.afterAbortBeforeResize")
        do {
            let size = try environment.growMap()
            logger.info("map grown", metadata: ["opx.mapSize": "\(size)"])
            return nil
        } catch {
            logger.error("map full and cannot grow", metadata: ["opx.error": "\(error)"])
            return cause
        }
    }

    private func fail(_ jobs: [Job], _ error: any Error) {
        for job in jobs where !job.completed { job.complete(error) }
    }

    private enum GroupOutcome {
        case commit
        case growAndRetry(StorageError)
        case dropAndRetry(Job, any Error)
    }
}

/// One queued write. Confined to the writer thread once queued, until it is completed.
private final class Job: @unchecked Sendable {
    // Safe to share: created by the submitting task, then touched only by the writer thread; a job
    // whose transaction committed is handed whole to the completion queue and never touched by
    // the writer again.
    let weight: Int
    let execute: (borrowing WriteTransaction) throws -> Void
    private let resume: (_ error: (any Error)?, _ committed: UInt64) -> Void
    private(set) var completed = false
    /// When it was submitted (uptime nanoseconds).
    let queued = DispatchTime.now().uptimeNanoseconds
    /// When the writer last started running it in a transaction.
    var ran: UInt64 = 0

    init(weight: Int, execute: @escaping (borrowing WriteTransaction) throws -> Void,
         complete: @escaping (_ error: (any Error)?, _ committed: UInt64) -> Void) {
        self.weight = weight
        self.execute = execute
        self.resume = complete
    }

    /// Resumes the caller: with `error`, or (`nil`) with its result, durable since `committed`.
    func complete(_ error: (any Error)?, committed: UInt64 = 0) {
        precondition(!completed, "write job completed twice")
        completed = true
        resume(error, committed)
    }
}

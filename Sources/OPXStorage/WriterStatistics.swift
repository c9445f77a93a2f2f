/// Counters of the writer: commits, group sizes, commit latency, and where each write job's time went. Read by
/// `/metrics` and benchmarks.
///
/// A write job's life has three consecutive parts, each a histogram: `queue` (submitted, until the writer runs it
/// in a transaction: behind the commit in progress and the jobs before it), `commit` (run, until its transaction
/// is durable: the group's other jobs, then `mdb_txn_commit`'s writes and fsync) and `resume` (durable, until its
/// caller runs again: the completion hand-off and the wait for a thread of the cooperative pool).
package final class WriterStatistics: Sendable {
    /// A snapshot of the counters.
    package struct Snapshot: Sendable, Hashable {
        /// Committed transactions.
        package var commits: Int = 0
        /// Write jobs committed (appends).
        package var jobs: Int = 0
        /// Sum of commit latencies in nanoseconds (begin to durable commit).
        package var commitNanoseconds: UInt64 = 0
        /// The largest group committed in one transaction.
        package var largestGroup: Int = 0
        /// Per job, seconds from submitted to run in a transaction.
        package var jobQueue = WriterHistogram(bounds: WriterHistogram.secondsBounds)
        /// Per job, seconds from run to its transaction durable.
        package var jobCommit = WriterHistogram(bounds: WriterHistogram.secondsBounds)
        /// Per job, seconds from its transaction durable to its caller resumed.
        package var jobResume = WriterHistogram(bounds: WriterHistogram.secondsBounds)
        /// Per commit, seconds from the transaction's begin to durable.
        package var transaction = WriterHistogram(bounds: WriterHistogram.secondsBounds)
        /// Per commit, seconds in `mdb_txn_commit`: writing the dirty pages and fsync.
        package var sync = WriterHistogram(bounds: WriterHistogram.secondsBounds)
        /// Per commit, the jobs in the group.
        package var groupJobs = WriterHistogram(bounds: WriterHistogram.jobsBounds)
        /// Per commit, the group's weight (bytes its jobs declared).
        package var groupBytes = WriterHistogram(bounds: WriterHistogram.bytesBounds)
    }

    /// The timings of one durable group commit, in nanoseconds of `DispatchTime` (uptime).
    struct Commit {
        /// When the transaction began.
        var began: UInt64
        /// When `mdb_txn_commit` was called.
        var syncStarted: UInt64
        /// When it returned: the group is durable.
        var committed: UInt64
        /// The group's weight.
        var weight: Int
        /// Each job's submission and run times.
        var jobs: [(queued: UInt64, ran: UInt64)]
    }

    private let state = Locked(Snapshot())

    package init() {}

    func record(_ commit: Commit) {
        state.withLock {
            $0.commits += 1
            $0.jobs += commit.jobs.count
            $0.commitNanoseconds += commit.committed - commit.began
            $0.largestGroup = max($0.largestGroup, commit.jobs.count)
            $0.transaction.record(Self.seconds(commit.committed - commit.began))
            $0.sync.record(Self.seconds(commit.committed - commit.syncStarted))
            $0.groupJobs.record(Double(commit.jobs.count))
            $0.groupBytes.record(Double(commit.weight))
            for job in commit.jobs {
                $0.jobQueue.record(Self.seconds(job.ran - min(job.queued, job.ran)))
                $0.jobCommit.record(Self.seconds(commit.committed - job.ran))
            }
        }
    }

    /// Records that a job's caller resumed `nanoseconds` after its transaction was durable.
    func recordResume(nanoseconds: UInt64) {
        state.withLock { $0.jobResume.record(Self.seconds(nanoseconds)) }
    }

    /// The current counters.
    package var snapshot: Snapshot { state.withLock { $0 } }

    private static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
}


/// Counters of the writer: commits, group sizes, commit latency. Read by `/metrics` and benchmarks.
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
    }

    private let state = Locked(Snapshot())

    package init() {}

    func recordCommit(jobs: Int, nanoseconds: UInt64) {
        state.withLock {
            $0.commits += 1
            $0.jobs += jobs
            $0.commitNanoseconds += nanoseconds
            $0.largestGroup = max($0.largestGroup, jobs)
        }
    }

    /// The current counters.
    package var snapshot: Snapshot { state.withLock { $0 } }
}

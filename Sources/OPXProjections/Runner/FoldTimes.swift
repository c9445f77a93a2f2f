import Glibc

/// Where a catch-up's time went: the CPU time of each parallel task of its batches, and the wall
/// time it spent folding and waiting for writes.
///
/// The runner also uses the tasks' CPU times to order the next batch's tasks longest first
/// (``order``): the page's tasks run on as many threads as there are cores, and a long task started
/// last (the investigations fold, or the read of the next page) would leave the other cores idle.
package struct FoldTimes: Sendable {
    /// CPU seconds of each member's fold, batch-end encoding and trim, by projection name.
    package var members: [String: Double] = [:]
    /// CPU seconds spent reading the next page while the members folded the current one.
    package var pageRead: Double = 0
    /// Wall seconds inside the parallel folds (every member and the read of the next page).
    package var parallel: Double = 0
    /// Wall seconds the catch-up waited for a batch's write to commit before it could submit the next.
    package var writeWait: Double = 0

    /// The last batch's CPU nanoseconds per task: members by index, then the page read.
    private var last: [UInt64] = []

    package init() {}

    /// The order to start `tasks` parallel tasks in (task `tasks - 1` is the page read): longest
    /// first by the last batch's CPU times, in index order before there are any (or when the members changed).
    package func order(tasks: Int) -> [Int] {
        guard last.count == tasks else { return Array(0..<tasks) }
        return (0..<tasks).sorted { last[$0] != last[$1] ? last[$0] > last[$1] : $0 < $1 }
    }

    /// Adds one batch: `cpu` holds the CPU nanoseconds of each member (named in `names`), then of
    /// the page read when there was one; `wall` the nanoseconds the parallel fold took.
    package mutating func add(cpu: [UInt64], names: [String], wall: UInt64) {
        for (i, name) in names.enumerated() { members[name, default: 0] += Double(cpu[i]) / 1e9 }
        if cpu.count > names.count { pageRead += Double(cpu[names.count]) / 1e9 }
        parallel += Double(wall) / 1e9
        last = cpu
    }

    /// The calling thread's CPU time in nanoseconds.
    static func threadCPU() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

import OPXStorage

/// The log writer's histograms (``WriterStatistics``) in Prometheus text: where each write job's time went, and
/// the size, weight, duration and fsync time of each group commit.
///
/// The writer counts them itself (OPXStorage knows nothing of Prometheus); `/metrics` prints them after the
/// registry's metrics.
struct WriterHistograms {
    let snapshot: WriterStatistics.Snapshot

    /// The exposition text of every writer histogram.
    func exposition() -> [UInt8] {
        var text = ""
        append("opx_writer_job_queue_seconds", snapshot.jobQueue,
               help: "Per write job (append): from submitted until the writer runs it in a transaction (behind the commit in progress)", to: &text)
        append("opx_writer_job_commit_seconds", snapshot.jobCommit,
               help: "Per write job: from run in its transaction until that transaction is durable", to: &text)
        append("opx_writer_job_resume_seconds", snapshot.jobResume,
               help: "Per write job: from its transaction durable until its caller runs again (completion hand-off, a thread of the pool)", to: &text)
        append("opx_writer_transaction_seconds", snapshot.transaction,
               help: "Per group commit: from the transaction's begin until durable", to: &text)
        append("opx_writer_sync_seconds", snapshot.sync,
               help: "Per group commit: time in mdb_txn_commit (writing the dirty pages, fsync)", to: &text)
        append("opx_writer_group_jobs", snapshot.groupJobs, help: "Per group commit: write jobs (appends) in the transaction", to: &text)
        append("opx_writer_group_bytes", snapshot.groupBytes, help: "Per group commit: bytes its jobs declared they write", to: &text)
        return Array(text.utf8)
    }

    private func append(_ name: String, _ histogram: WriterHistogram, help: String, to text: inout String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        var cumulative = 0
        for (index, bound) in histogram.bounds.enumerated() {
            cumulative += histogram.counts[index]
            text += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(histogram.count)\n\(name)_sum \(histogram.sum)\n\(name)_count \(histogram.count)\n"
    }
}

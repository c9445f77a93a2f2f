import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage

/// Sets the store gauges of ``ServerMetrics`` from the log, its writer and its projections.
struct StoreGauges {
    let log: EventLog
    let metrics: ServerMetrics

    /// Reads the store (two short read transactions) and sets every gauge.
    func update() throws {
        let writer = log.environment.writerStatistics.snapshot
        metrics.set("opx_writer_commits", Double(writer.commits), help: "Write transactions committed (group commits)")
        metrics.set("opx_writer_jobs", Double(writer.jobs), help: "Write jobs (appends) committed")
        metrics.set("opx_writer_commit_seconds_sum", Double(writer.commitNanoseconds) / 1e9, help: "Total commit time, begin to durable")
        metrics.set("opx_writer_group_size_mean", writer.commits == 0 ? 0 : Double(writer.jobs) / Double(writer.commits),
                    help: "Mean appends per commit (group size)")
        metrics.set("opx_writer_group_size_max", Double(writer.largestGroup), help: "Largest group committed in one transaction")
        let info = log.environment.info
        metrics.set("opx_map_use_ratio", info.mapUse, help: "Fraction of the LMDB map in use")
        metrics.set("opx_readers_used", Double(info.readersUsed), help: "LMDB reader slots in use")
        let projections = BuiltInProjections.all()
        let (head, positions, investigations, usage) = try ProjectionStore(log: log).read(projections) { r in
            var byStatus: [String: Int] = [:]
            for (_, summary) in try r.scan("investigations", prefix: "summary/", as: InvestigationSummary.self) {
                byStatus[summary.status, default: 0] += 1
            }
            let usage = try r.get(TokenAnalyticsProjection().name, "total", as: UsageTotals.self) ?? UsageTotals()
            return (r.head, projections.map { ($0.name, r.position($0.name)?.position ?? .start) }, byStatus, usage)
        }
        metrics.set("opx_log_head_position", Double(head.rawValue), help: "Last position of the log")
        for (name, position) in positions {
            metrics.set("opx_projection_lag_events", Double(head.rawValue - min(position.rawValue, head.rawValue)), labels: [("projection", name)],
                        help: "Events the projection is behind the log")
        }
        for (status, count) in investigations {
            metrics.set("opx_investigations", Double(count), labels: [("status", status)], help: "Investigations by status")
        }
        metrics.set("opx_cost_usd", usage.costUsd, help: "Model cost recorded, in US dollars")
        metrics.set("opx_model_tokens", Double(usage.inputTokens), labels: [("direction", "input")], help: "Model tokens recorded")
        metrics.set("opx_model_tokens", Double(usage.outputTokens), labels: [("direction", "output")], help: "Model tokens recorded")
    }
}

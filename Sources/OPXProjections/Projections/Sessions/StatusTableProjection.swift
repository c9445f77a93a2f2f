package import OPXEvents

/// The status table: one row per session (an investigation run) with its overall status and a
/// status object per agent (start and end times, attempts, token usage), expiring after a
/// retention period.
///
/// Expiry uses event time only: a session expires `retention` after its last event, and is pruned
/// by the first event recorded on a later UTC day than the day it expired (so the pruning of a
/// quiet store waits for its next event; the wall clock is never read). The expiry index is by
/// day, so most events leave it alone.
/// The retention period is part of the configuration: changing it rebuilds the table.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `session/<id>` | ``SessionRow`` |
/// | `expiry/<yyyy-mm-dd of expiresAt>/<id>` | index entry, so pruning reads only expired rows |
/// | `pruned` | ``PruneMark``: the UTC day pruning last ran on |
package struct StatusTableProjection: Projection {
    /// How long a session is kept after its last event.
    package let retention: Duration

    /// The default retention: 90 days.
    package static let defaultRetention: Duration = .seconds(90 * 86_400)

    package init(retention: Duration = defaultRetention) { self.retention = retention }

    package var name: String { "status" }
    package var version: Int { 2 }
    package var configuration: String { "retention=\(retentionNanoseconds)ns" }
    package var eventTypes: [String] {
        ["investigation.started", "agent.invoked", "agent.output-recorded", "agent.failed", "usage.recorded",
         "investigation.completed", "investigation.failed", "investigation.resumed"]
    }

    private var retentionNanoseconds: Int64 {
        let (seconds, attoseconds) = retention.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        try prune(before: event.recordedAt, &rows)
        guard let id = InvestigationFold.investigationID(event) else { return }
        let p = event.payload
        let key = Self.key(id)
        let expiresAt = Timestamp(nanoseconds: event.recordedAt.nanoseconds &+ retentionNanoseconds)
        var created = false
        let previous = try rows.update(key, as: SessionRow.self, default: { created = true; return SessionRow(id: id, startedAt: event.recordedAt) }) { s -> Timestamp in
            let previous = s.expiresAt
            apply(event, p, to: &s, expiresAt: expiresAt)
            return previous
        }
        if created || Self.dayNumber(previous) != Self.dayNumber(expiresAt) {
            if !created { rows.remove(Self.expiryKey(previous, id)) }
            rows.set(Self.expiryKey(expiresAt, id), MarkerRow())
        }
    }

    private func apply(_ event: ProjectionEvent, _ p: Payload, to s: inout SessionRow, expiresAt: Timestamp) {
        do {
            s.updatedAt = event.recordedAt
            s.expiresAt = expiresAt
            switch event.type.rawValue {
            case "investigation.started":
                s.incidentId = p.string("incidentId")
                s.status = "running"
                for agent in p.strings("agents") where s.agents[agent] == nil { s.agents[agent] = SessionRow.Agent() }
            case "agent.invoked":
                guard let agent = p.string("agent") else { return }
                var a = s.agents[agent] ?? SessionRow.Agent()
                a.status = "running"
                a.startedAt = a.startedAt ?? event.recordedAt
                a.endedAt = nil
                a.attempts = max(a.attempts, p.int("attempt") ?? a.attempts + 1)
                s.agents[agent] = a
            case "agent.output-recorded":
                guard let agent = p.string("agent") else { return }
                var a = s.agents[agent] ?? SessionRow.Agent()
                a.status = "succeeded"
                a.endedAt = event.recordedAt
                s.agents[agent] = a
            case "agent.failed":
                guard let agent = p.string("agent") else { return }
                var a = s.agents[agent] ?? SessionRow.Agent()
                let retry = p.bool("willRetry") ?? false
                a.status = retry ? "retrying" : "failed"
                if !retry { a.endedAt = event.recordedAt }
                s.agents[agent] = a
            case "usage.recorded":
                guard let agent = p.string("agent") else { s.usage.add(p); return }
                var a = s.agents[agent] ?? SessionRow.Agent()
                if a.usage.add(p) { s.usage.add(p) }
                a.model = p.string("model") ?? a.model
                s.agents[agent] = a
            case "investigation.completed":
                s.status = p.string("status") == "degraded" ? "degraded" : "completed"
                s.endedAt = event.recordedAt
            case "investigation.failed":
                s.status = "failed"
                s.endedAt = event.recordedAt
            case "investigation.resumed":
                s.status = "running"
                s.endedAt = nil
            default:
                break
            }
        }
    }

    /// Prunes sessions that expired before `now`, at most once per UTC day of event time.
    private func prune(before now: Timestamp, _ rows: inout ProjectionRows) throws {
        let day = now.nanoseconds / 86_400_000_000_000
        let mark = try rows.get("pruned", as: PruneMark.self)
        guard mark.map({ day > $0.day }) ?? true else { return }
        rows.set("pruned", PruneMark(day: day))
        guard mark != nil else { return }   // nothing can have expired before the first event
        let today = Self.day(now)
        for (key, _) in try rows.scan(prefix: "expiry/", before: "expiry/\(today)", as: MarkerRow.self) {
            // expiry/<10-byte day>/<id>: every session of an earlier day has expired
            let rest = key.utf8.dropFirst("expiry/".utf8.count)
            guard rest.count > 11 else { continue }
            guard String(rest.prefix(10))! < today else { break }
            let id = String(rest.dropFirst(11))!
            rows.remove(key)
            rows.remove(Self.key(id))
        }
    }

    /// The key of session `id`.
    package static func key(_ id: String) -> String { "session/\(id)" }
    static func expiryKey(_ at: Timestamp, _ id: String) -> String { "expiry/\(day(at))/\(id)" }
    /// The UTC day of `t`, `yyyy-mm-dd`.
    package static func day(_ t: Timestamp) -> String { String(t.description.prefix(10)) }
    /// The UTC day of `t` as days since 1970-01-01: equal exactly when ``day(_:)`` is (no formatting per event).
    package static func dayNumber(_ t: Timestamp) -> Int64 {
        let (q, r) = t.nanoseconds.quotientAndRemainder(dividingBy: 86_400_000_000_000)
        return r < 0 ? q - 1 : q
    }
}

/// The UTC day (days since 1970-01-01) pruning last ran on.
package struct PruneMark: ProjectionRow, Hashable {
    package var day: Int64
    package init(day: Int64) { self.day = day }
    package func encode(to e: inout RowEncoder) { e.object { e in e.field("day", day) } }
    package init(row d: RowDecoder) throws(RowDecodingError) { day = try d.int("day") }
}

/// One session (investigation run) in the status table.
package struct SessionRow: ProjectionRow, Hashable {
    package var id: String
    package var incidentId: String?
    /// `running`, `completed`, `degraded`, `failed`.
    package var status = "running"
    package var startedAt: Timestamp
    package var updatedAt: Timestamp
    package var endedAt: Timestamp?
    /// When the row expires (retention after its last event).
    package var expiresAt: Timestamp
    package var agents: [String: Agent] = [:]
    package var usage = UsageTotals()

    package init(id: String, startedAt: Timestamp) {
        self.id = id
        self.startedAt = startedAt
        self.updatedAt = startedAt
        self.expiresAt = startedAt
    }

    /// One agent's status object.
    package struct Agent: ProjectionRow, Hashable {
        package var status = "pending"
        package var startedAt: Timestamp?
        package var endedAt: Timestamp?
        package var attempts: Int64 = 0
        package var model: String?
        package var usage = UsageTotals()

        package init() {}

        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("attempts", attempts)
                e.field("endedAt", endedAt)
                e.field("model", model)
                e.field("startedAt", startedAt)
                e.field("status", status)
                e.field("usage", usage)
            }
        }

        package init(row d: RowDecoder) throws(RowDecodingError) {
            attempts = d.int("attempts", default: 0)
            endedAt = d.optionalTime("endedAt")
            model = d.optionalString("model")
            startedAt = d.optionalTime("startedAt")
            status = try d.string("status")
            usage = try d.row("usage", as: UsageTotals.self) ?? UsageTotals()
        }
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agents", map: agents)
            e.field("endedAt", endedAt)
            e.field("expiresAt", expiresAt)
            e.field("id", id)
            e.field("incidentId", incidentId)
            e.field("startedAt", startedAt)
            e.field("status", status)
            e.field("updatedAt", updatedAt)
            e.field("usage", usage)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        agents = try d.map("agents", as: Agent.self)
        endedAt = d.optionalTime("endedAt")
        expiresAt = try d.time("expiresAt")
        id = try d.string("id")
        incidentId = d.optionalString("incidentId")
        startedAt = try d.time("startedAt")
        status = try d.string("status")
        updatedAt = try d.time("updatedAt")
        usage = try d.row("usage", as: UsageTotals.self) ?? UsageTotals()
    }
}

package import OPXEvents

/// Investigations: status, per-agent status and outputs, validation results with attempts,
/// guardrail violations, consensus, cost.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `summary/<id>` | ``InvestigationSummary`` without its agents (folded from the investigation's stream only) |
/// | `agent/<id>/<agent>` | ``AgentState``: one agent of the investigation, apart from the summary so that an event rewrites one small row, not all agents (``summary(_:in:)`` puts them together) |
/// | `detail/<id>/output/<agent>` | the agent's validated output (``EventRecordRow``: a reference to its `agent.output-recorded`) |
/// | `detail/<id>/consensus` | the consensus document (a reference to `consensus.reached`) |
/// | `detail/<id>/validation/<agent>/<attempt, 3 digits>/<stage>` | each validation result with its errors (a reference) |
/// | `detail/<id>/guardrail/<position, 20 digits>` | each guardrail violation (a reference) |
/// | `incident/<incident id>` | ``IncidentLink``: the incident's service and its investigations |
/// | `by-incident/<incident id>/<id>`, `by-service/<service>/<id>` | index entries |
/// | `latest` | the most recently started investigation |
///
/// `summary/<id>` and `detail/<id>/…` depend only on the stream `investigation-<id>`; the
/// incident and service index entries join in the incident's `incident.opened`.
package struct InvestigationsProjection: Projection {
    package init() {}

    package var name: String { "investigations" }
    /// 3: detail rows are references to their events (position, time, type), not payload copies;
    /// 4: agents' states are rows of their own, apart from the summary.
    package var version: Int { 4 }
    package var eventTypes: [String] { InvestigationFold.eventTypes + ["incident.opened"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        guard let kind = InvestigationFold.Kind(event.type) else {
            if event.type.rawValue == "incident.opened" { try incidentOpened(event, &rows) }
            return
        }
        guard let id = InvestigationFold.investigationID(event) else { return }
        // The summary is changed in place while the fold changes agent rows (another row type).
        let applied = try rows.update(Self.summaryKey(id), as: InvestigationSummary.self, default: { InvestigationSummary(id: id) }) { summary, rows in
            try InvestigationFold.apply(event, kind: kind, to: &summary) { agent, body in
                try rows.update(Self.agentKey(id, agent), as: AgentState.self, default: { AgentState() }, body)
            }
        }
        switch kind {
        case .started:
            guard let incident = event.payload.string("incidentId") else { return }
            rows.put("by-incident/\(incident)/\(id)", MarkerRow())
            let link = try rows.update("incident/\(incident)", as: IncidentLink.self, default: { IncidentLink() }) { link in
                if !link.investigations.contains(id) { link.investigations.append(id) }
                return link
            }
            if let service = link.service { rows.put("by-service/\(service)/\(id)", MarkerRow()) }
            rows.put("latest", LatestInvestigation(id: id, startedAt: event.recordedAt, position: Int64(event.position.rawValue)))
        case .outputRecorded:
            guard let agent = applied.agent else { return }
            rows.putRecord(RowKey.path("detail", id, "output", agent), event)
        case .consensus:
            rows.putRecord(RowKey.path("detail", id, "consensus"), event)
        case .validation:
            guard let agent = applied.agent, let result = applied.validation else { return }
            rows.putRecord(RowKey.path("detail", id, "validation", agent, RowKey.padded(result.attempt, width: 3), result.stage), event)
        case .guardrailViolation:
            rows.putRecord(RowKey.path("detail", id, "guardrail", RowKey.padded(event.position.rawValue)), event)
        case .invoked, .agentFailed, .usage, .reviewed, .completed, .failed, .resumed, .budgetCrossed:
            break
        }
    }

    private func incidentOpened(_ event: ProjectionEvent, _ rows: inout ProjectionRows) throws {
        guard let incident = event.streamKey(ifCategory: "incident") ?? event.payload.string("incidentId"),
              let service = event.payload.string("service") else { return }
        let link = try rows.update("incident/\(incident)", as: IncidentLink.self, default: { IncidentLink() }) { link in
            link.service = service
            link.severity = event.payload.string("severity")
            return link
        }
        for id in link.investigations { rows.put("by-service/\(service)/\(id)", MarkerRow()) }
    }

    /// The key of an investigation's summary (without its agents: see ``summary(_:in:)``).
    package static func summaryKey(_ id: String) -> String { RowKey.path("summary", id) }
    /// The key of one agent's state in an investigation.
    static func agentKey(_ id: String, _ agent: String) -> String { RowKey.path("agent", id, agent) }

    /// The summary of investigation `id` with its agents, or `nil` when there is none.
    package static func summary(_ id: String, in rows: inout ProjectionRows) throws -> InvestigationSummary? {
        guard var summary = try rows.get(summaryKey(id), as: InvestigationSummary.self) else { return nil }
        let prefix = "agent/\(id)/"
        for (key, agent) in try rows.scan(prefix: prefix, as: AgentState.self) { summary.agents[String(key.dropFirst(prefix.count))] = agent }
        return summary
    }

    /// Every investigation's summary with its agents, in id order.
    package static func summaries(in rows: inout ProjectionRows) throws -> [InvestigationSummary] {
        var agents: [String: [String: AgentState]] = [:]
        for (key, agent) in try rows.scan(prefix: "agent/", as: AgentState.self) {
            let path = key.dropFirst("agent/".count)
            guard let slash = path.firstIndex(of: "/") else { continue }
            agents[String(path[..<slash]), default: [:]][String(path[path.index(after: slash)...])] = agent
        }
        return try rows.scan(prefix: "summary/", as: InvestigationSummary.self).map { _, summary in
            var summary = summary
            summary.agents = agents[summary.id] ?? [:]
            return summary
        }
    }
    /// The prefix of an investigation's detail rows.
    package static func detailPrefix(_ id: String) -> String { "detail/\(id)/" }
}

/// An incident as the investigations projection knows it: its service and investigations.
package struct IncidentLink: ProjectionRow, Hashable {
    package var service: String?
    package var severity: String?
    package var investigations: [String] = []

    package init() {}

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("investigations", investigations)
            e.field("service", service)
            e.field("severity", severity)
        }
    }

    package init(row d: RowDecoder) {
        investigations = d.strings("investigations")
        service = d.optionalString("service")
        severity = d.optionalString("severity")
    }
}

/// The most recently started investigation.
package struct LatestInvestigation: ProjectionRow, Hashable {
    package var id: String
    package var startedAt: Timestamp
    package var position: Int64

    package init(id: String, startedAt: Timestamp, position: Int64) {
        self.id = id
        self.startedAt = startedAt
        self.position = position
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("id", id)
            e.field("position", position)
            e.field("startedAt", startedAt)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        id = try d.string("id")
        position = d.int("position", default: 0)
        startedAt = try d.time("startedAt")
    }
}

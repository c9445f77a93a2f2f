import Hummingbird
import OPXEventLog
import OPXEvents
import OPXProjections

/// Queries of the projections and time travel (all `read` scope), answered as JSON:
///
/// - `GET /v1/incidents?status=&service=&severity=&limit=`, `GET /v1/incidents/{id}?at=POINT`
/// - `GET /v1/investigations?status=&incident=&limit=`, `GET /v1/investigations/{id}?at=POINT`,
///   `GET /v1/investigations/{id}/checkpoints`
/// - `GET /v1/status/{session}`, `GET /v1/usage?by=day|month|agent|model`
///
/// `at` takes what `opx inspect` takes: a log position, `rev:N`, `checkpoint:STEP`, an RFC 3339
/// time, or `head`. Each answer is read in one read transaction (a consistent cut).
struct QueryRoutes {
    let log: EventLog

    func add(to group: RouterGroup<OPXRequestContext>) {
        group.get("v1/incidents") { request, _ in try incidents(QueryParameters(request: request)) }
        group.get("v1/incidents/{id}") { request, context in
            jsonResponse(try TimeTravel(log: log).incident(try id(context), at: try point(request)).document)
        }
        group.get("v1/investigations") { request, _ in try investigations(QueryParameters(request: request)) }
        group.get("v1/investigations/{id}") { request, context in
            jsonResponse(try TimeTravel(log: log).investigation(try id(context), at: try point(request)).document)
        }
        group.get("v1/investigations/{id}/checkpoints") { _, context in
            let id = try id(context)
            let rows = try ProjectionStore(log: log).read([CheckpointsProjection()]) { r in
                try r.scan(CheckpointsProjection().name, prefix: CheckpointsProjection.prefix(id), as: Checkpoint.self).map(\.row.json)
            }
            return jsonResponse(["investigation": .string(id), "checkpoints": .array(rows)])
        }
        group.get("v1/status/{id}") { _, context in
            let id = try id(context)
            let projection = StatusTableProjection()
            let row = try ProjectionStore(log: log).read([projection]) { r in
                try r.get(projection.name, StatusTableProjection.key(id), as: SessionRow.self)
            }
            guard let row else { throw APIError(.notFound, "not-found", "no session \(id) in the status table (unknown, or expired)") }
            return jsonResponse(row.json)
        }
        group.get("v1/usage") { request, _ in try usage(QueryParameters(request: request)) }
    }

    private func incidents(_ query: QueryParameters) throws -> Response {
        let filter = IncidentQuery(service: query.string("service"), severity: query.string("severity"), status: query.string("status"),
                                   limit: Int(try query.uint("limit", default: 100, max: 10_000)))
        let rows = try ProjectionStore(log: log).read([IncidentsProjection()]) { try filter.incidents(in: &$0).map(\.json) }
        return jsonResponse(["incidents": .array(rows)])
    }

    private func investigations(_ query: QueryParameters) throws -> Response {
        let limit = Int(try query.uint("limit", default: 100, max: 10_000))
        let status = query.string("status"), incident = query.string("incident")
        let rows = try ProjectionStore(log: log).read([InvestigationsProjection()]) { r -> [JSONValue] in
            try r.withRows("investigations") { try InvestigationsProjection.summaries(in: &$0) }
                .filter { (status == nil || $0.status == status) && (incident == nil || $0.incidentId == incident) }
                .sorted { ($0.startedAt?.nanoseconds ?? 0, $0.id) > ($1.startedAt?.nanoseconds ?? 0, $1.id) }
                .prefix(limit).map(\.json)
        }
        return jsonResponse(["investigations": .array(rows)])
    }

    private func usage(_ query: QueryParameters) throws -> Response {
        let by = query.string("by") ?? "day"
        guard ["day", "month", "agent", "model"].contains(by) else {
            throw APIError.badRequest("invalid-parameter", "query parameter by must be day, month, agent or model", pointer: "by")
        }
        let projection = TokenAnalyticsProjection()
        return try ProjectionStore(log: log).read([projection]) { r in
            let total = try r.get(projection.name, "total", as: UsageTotals.self) ?? UsageTotals()
            let groups = try r.scan(projection.name, prefix: "\(by)/", as: UsageTotals.self).map { key, totals -> JSONValue in
                var object = totals.json.objectValue ?? JSONObject()
                object[by] = .string(String(key.dropFirst(by.count + 1)))
                return .object(object)
            }
            let budgets = try r.scan(projection.name, prefix: "budget/", as: BudgetState.self).map(\.row.json)
            return jsonResponse(["by": .string(by), "total": total.json, "groups": .array(groups), "budgets": .array(budgets)])
        }
    }

    private func id(_ context: OPXRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty, id.utf8.count <= 200 else {
            throw APIError.badRequest("invalid-id", "the id in the path must be 1 to 200 characters", pointer: "id")
        }
        return id
    }

    private func point(_ request: Request) throws -> TimeTravelPoint {
        try QueryParameters(request: request).string("at").map { try TimeTravelPoint.parse($0) } ?? .head
    }
}

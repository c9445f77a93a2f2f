import Hummingbird
import OPXEvents
import OPXIngest

/// Webhook ingest (`ingest` scope): `POST /v1/ingest/{alertmanager|grafana|eventbridge|pagerduty|cloudevents|changes}`,
/// and PagerDuty's own path `POST /v2/enqueue`, so a PagerDuty sender needs only a base-URL change.
///
/// The adapter answers as its sender expects (PagerDuty: 202 with the dedup key); a re-sent
/// webhook appends nothing new. Every 2xx comes after the events are durable.
struct IngestRoutes {
    let service: IngestService
    let metrics: ServerMetrics
    /// Told about every incident a request opened (see ``ServerContext/onIncidentOpened``).
    let onIncidentOpened: (@Sendable (EntityID) -> Void)?

    func add(to group: RouterGroup<OPXRequestContext>) {
        group.post("v1/ingest/{adapter}") { request, context in
            let name = context.parameters.get("adapter") ?? ""
            guard let adapter = IngestAdapter(rawValue: name) else {
                throw APIError(.notFound, "unknown-adapter",
                               "no adapter \"\(name.prefix(40))\"; use one of \(IngestAdapter.allCases.map(\.rawValue).joined(separator: ", "))",
                               pointer: "adapter")
            }
            return try await ingest(request, context, adapter: adapter)
        }
        group.post("v2/enqueue") { request, context in try await ingest(request, context, adapter: .pagerduty) }
    }

    private func ingest(_ request: Request, _ context: OPXRequestContext, adapter: IngestAdapter) async throws -> Response {
        let body = try await request.bodyBytes(context: context)
        var headers: [String: String] = [:]
        for field in request.headers where field.name.canonicalName.hasPrefix("ce-") {
            headers[field.name.canonicalName] = field.value
        }
        let response: IngestResponse
        do {
            response = try await service.ingest(IngestRequest(adapter: adapter, body: body, contentType: request.headers[.contentType],
                                                              headers: headers))
        } catch let error as IngestError {
            throw APIError(HTTPResponse.Status(code: error.status), "invalid-payload", error.message, pointer: error.pointer)
        }
        metrics.ingested(adapter: adapter.rawValue, events: response.appended, duplicates: response.duplicates, waits: response.waits)
        if let onIncidentOpened {
            for outcome in response.incidents where outcome.actions.contains("opened") { onIncidentOpened(outcome.incidentId) }
        }
        return jsonResponse(bytes: response.body, status: HTTPResponse.Status(code: response.status))
    }
}

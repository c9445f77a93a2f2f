import Hummingbird
import OPXEventLog
import OPXEvents

/// Appending to and reading streams, and reading the whole log.
///
/// - `POST /v1/streams/{stream}` (ingest): append a batch (see ``AppendRequest``); 201 once durable,
///   200 for an idempotent retry, 409 when the expected revision does not hold.
/// - `GET /v1/streams/{stream}?from=REV&limit=N` (read): the stream's events as CloudEvents.
/// - `GET /v1/events?from=POS&limit=N` (read): the log's events as CloudEvents.
struct EventRoutes {
    let log: EventLog
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    /// The most events one read returns.
    static let maxReadLimit: UInt64 = 10_000

    func addAppend(to group: RouterGroup<OPXRequestContext>) {
        group.post("v1/streams/{stream}") { request, context in try await append(request, context) }
    }

    func addReads(to group: RouterGroup<OPXRequestContext>) {
        group.get("v1/streams/{stream}") { request, context in
            let stream = try streamID(context)
            let query = QueryParameters(request: request)
            let from = try query.uint("from", default: 0)
            let limit = try query.uint("limit", default: 100, max: Self.maxReadLimit)
            guard try log.head(of: stream) != nil else {
                throw APIError(.notFound, "no-stream", "stream \(stream) has no events")
            }
            let events = try log.read(stream: stream, from: from, limit: Int(limit))
            return page(events, next: events.last.map { $0.revision + 1 } ?? from)
        }
        group.get("v1/events") { request, _ in
            let query = QueryParameters(request: request)
            let from = try query.uint("from", default: 1)
            let limit = try query.uint("limit", default: 100, max: Self.maxReadLimit)
            let events = try log.read(from: LogPosition(max(from, 1)), limit: Int(limit))
            return page(events, next: events.last.map { $0.position.rawValue + 1 } ?? max(from, 1))
        }
    }

    private func append(_ request: Request, _ context: OPXRequestContext) async throws -> Response {
        let stream = try streamID(context)
        let body = try await request.jsonBody(context: context)
        let decoded: AppendRequest
        do { decoded = try AppendRequest(body, maxEvents: configuration.maxBatchEvents) } catch { throw error.apiError }
        let start = ContinuousClock.now
        let result = try await log.append(to: stream, expected: decoded.expected, events: decoded.events)
        metrics.appended(events: decoded.events.count, duration: ContinuousClock.now - start)
        return jsonResponse(result.json, status: result.duplicate ? .ok : .created)
    }

    private func streamID(_ context: OPXRequestContext) throws -> StreamID {
        let name = context.parameters.get("stream") ?? ""
        do { return try StreamID(name) } catch {
            throw APIError.badRequest("invalid-stream", error.description, pointer: "stream")
        }
    }

    /// `{"events": [CloudEvents…], "next": N}`: `next` is where the following page starts.
    private func page(_ events: [RecordedEvent], next: UInt64) -> Response {
        var out: [UInt8] = Array(#"{"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += event.cloudEventBytes(includingHash: true)
        }
        out += Array("],\"next\":\(next)}".utf8)
        return jsonResponse(bytes: out)
    }
}

extension AppendResult {
    /// The JSON answer of an append.
    var json: JSONValue {
        ["firstPosition": .number(JSONNumber(Int64(firstPosition))), "lastPosition": .number(JSONNumber(Int64(lastPosition))),
         "headHash": .string(headHash), "nextExpectedRevision": .number(JSONNumber(Int64(nextExpectedRevision))),
         "duplicate": .bool(duplicate)]
    }
}

import Foundation
import Hummingbird
import NIOCore
import OPXEventLog
import OPXEvents
import OPXExport
import ServiceLifecycle

/// Long-lived answers (`read` scope): the server-sent-events subscription and the streamed export.
///
/// - `GET /v1/subscribe?from=POS&limit=N` — every event from `POS` on (catch-up, then live) as SSE:
///   `id:` is the log position, `event:` the type, `data:` the CloudEvent. A client reconnecting
///   with `Last-Event-ID: N` resumes at `N + 1`. The stream ends on graceful shutdown, or after
///   `limit` events when given.
/// - `GET /v1/export?from=POS&to=POS&stream=S&category=C&format=cloudevents|cloudevents-batch|otlp` —
///   `opx export` over HTTP (``Exporter``): streamed in chunks, so memory stays flat however long the log.
struct StreamingRoutes {
    let log: EventLog
    /// The opx version recorded in exports.
    let opxVersion: String

    func add(to group: RouterGroup<OPXRequestContext>) {
        group.get("v1/subscribe") { request, _ in try subscribe(request) }
        group.get("v1/export") { request, _ in try export(request) }
    }

    private func subscribe(_ request: Request) throws -> Response {
        let query = QueryParameters(request: request)
        var start = try query.uint("from", default: 1)
        let limit = try query.uint("limit", default: .max)
        if let last = request.headers[.lastEventID] {
            guard let position = UInt64(last.trimmingCharacters(in: .whitespaces)), position < UInt64.max else {
                throw APIError.badRequest("invalid-last-event-id", "Last-Event-ID must be the log position of the last event received", pointer: "Last-Event-ID")
            }
            start = position + 1
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                        body: ResponseBody(asyncSequence: EventFrames(log: log, next: max(start, 1), remaining: limit)))
    }

    private func export(_ request: Request) throws -> Response {
        let query = QueryParameters(request: request)
        let formatName = query.string("format") ?? ExportFormat.jsonLines.rawValue
        guard let format = ExportFormat(rawValue: formatName) else {
            throw APIError.badRequest("invalid-parameter", "format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))", pointer: "format")
        }
        var selection = ExportSelection()
        if query.string("from") != nil { selection.fromPosition = LogPosition(try query.uint("from", default: 1)) }
        if query.string("to") != nil { selection.toPosition = LogPosition(try query.uint("to", default: .max)) }
        if let stream = query.string("stream") {
            do { selection.stream = try StreamID(stream) } catch { throw APIError.badRequest("invalid-parameter", error.description, pointer: "stream") }
        }
        selection.category = query.string("category")
        do { try selection.validate() } catch {
            throw APIError.badRequest("invalid-selection", String(describing: error).replacingOccurrences(of: "--", with: ""))
        }
        let exporter = Exporter(log: log, selection: selection, format: format, opxVersion: opxVersion)
        let body = ResponseBody { writer in
            try await exporter.run { chunk in try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: format.mediaType], body: body)
    }
}

/// Server-sent-event frames of every event from a position on; ends on graceful shutdown.
///
/// Each step waits (through ``LogSubscription``) for at least one event, then takes what else is
/// already committed, up to a page; the wait is cancelled when the server shuts down.
struct EventFrames: AsyncSequence, Sendable {
    let log: EventLog
    let next: UInt64
    /// Events left to send.
    let remaining: UInt64

    /// Events per frame batch.
    static let page = 512

    func makeAsyncIterator() -> Iterator { Iterator(log: log, next: next, remaining: remaining) }

    struct Iterator: AsyncIteratorProtocol {
        let log: EventLog
        var next: UInt64
        var remaining: UInt64

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let log = self.log, position = self.next, page = Int(Swift.min(remaining, UInt64(EventFrames.page)))
            let events: [RecordedEvent]
            do {
                events = try await cancelWhenGracefulShutdown {
                    var iterator = log.subscribe(from: LogPosition(position)).makeAsyncIterator()
                    guard let first = try await iterator.next() else { return [] }
                    return [first] + (try log.read(from: LogPosition(first.position.rawValue + 1), limit: page - 1))
                }
            } catch is CancellationError {
                return nil
            }
            guard let last = events.last else { return nil }
            self.next = last.position.rawValue + 1
            remaining -= UInt64(events.count)
            var frames: [UInt8] = []
            for event in events {
                frames += Array("id: \(event.position.rawValue)\nevent: \(event.type.rawValue)\ndata: ".utf8)
                frames += event.cloudEventBytes(includingHash: true)
                frames += [10, 10]
            }
            return ByteBuffer(bytes: frames)
        }
    }
}

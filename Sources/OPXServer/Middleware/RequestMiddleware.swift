import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OPXEvents

/// The outermost middleware: request and trace ids, the request timeout, errors to JSON answers,
/// one structured log line and the status-count metric per request.
///
/// Logs carry method, path (never the query string, which may hold a token), status, duration,
/// `request.id`, `trace.id` and the token's id; never bodies or tokens.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = OPXRequestContext

    let metrics: ServerMetrics
    let timeout: Duration
    /// The shared timers the requests' timeouts wait on.
    let deadlines = RequestDeadlines()
    /// Paths answered with long-lived streams, exempt from the timeout.
    static let streamingPaths: Set<String> = ["/v1/subscribe", "/v1/export"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.requestID(request.headers[.xRequestID])
        context.traceID = request.headers[.traceparent].flatMap { try? Traceparent($0) }.map { String($0.rawValue.dropFirst(3).prefix(32)) }
        context.logger[metadataKey: "request.id"] = .string(context.requestID)
        if let traceID = context.traceID { context.logger[metadataKey: "trace.id"] = .string(traceID) }
        let start = ContinuousClock.now
        var response: Response
        var failure: APIError?
        do {
            if Self.streamingPaths.contains(request.uri.path) {
                response = try await next(request, context)
            } else {
                let context = context
                response = try await withoutActuallyEscaping(next) { next in
                    // `next` is not Sendable, but it is called exactly once, by the child task, while
                    // this task waits for it (the group ends before `withoutActuallyEscaping` returns).
                    nonisolated(unsafe) let next = next
                    return try await withTimeout { try await next(request, context) }
                }
            }
        } catch {
            let apiError = APIError.from(error)
            failure = apiError
            response = try apiError.response(from: request, context: context)
        }
        if let token = context.token { context.logger[metadataKey: "opx.token"] = .string(token.id) }
        if let failure, failure.status.code >= 500 {
            context.logger.error("request failed", metadata: ["error": .string(failure.message)])
        }
        response.headers[.xRequestID] = context.requestID
        metrics.request(status: response.status.code)
        let elapsed = ContinuousClock.now - start
        context.logger.info("request", metadata: [
            "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
            "http.status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible((Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
        ])
        return response
    }

    /// The client's `X-Request-Id` when it is 1–64 characters of `[A-Za-z0-9._-]`, else a new one.
    static func requestID(_ header: String?) -> String {
        if let header, (1...64).contains(header.utf8.count),
           header.utf8.allSatisfy({ $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || "._-".utf8.contains($0)) }) {
            return header
        }
        // A time-ordered random UUID (v7) from the system's generator: Foundation's `UUID()` opened, read and closed
        // /dev/urandom for every request here.
        return EventID.random().description
    }

    /// Runs `body`, throwing a 503 when it takes longer than `timeout` (the work itself is cancelled).
    func withTimeout(_ body: @escaping @Sendable () async throws -> Response) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { [deadlines, timeout] group in
            group.addTask { try await body() }
            group.addTask {
                try await deadlines.wait(timeout)
                throw APIError.unavailable("timeout", "the request took longer than the server's requestTimeoutSeconds; retry (appends are idempotent by event id)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let xRequestID = HTTPField.Name("X-Request-Id")!
    /// W3C `traceparent`.
    static let traceparent = HTTPField.Name("traceparent")!
    /// `Last-Event-ID` (server-sent events).
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}

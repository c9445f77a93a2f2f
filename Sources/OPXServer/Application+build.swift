package import Hummingbird
package import Logging
package import OPXEventLog
package import OPXEvents
package import OPXIngest
import NIOCore

/// What the server needs: where to listen, the log, the tokens, the limits.
package struct ServerContext: Sendable {
    /// Host to bind (loopback by default).
    package var host = "127.0.0.1"
    /// Port to bind (0 picks a free port).
    package var port = 7420
    /// The open, writable log (with its projections attached).
    package let log: EventLog
    /// The data directory's tokens.
    package let tokens: TokenStore
    /// The `server` configuration section.
    package var configuration = ServerConfiguration()
    /// The metrics served at `/metrics`.
    package var metrics = ServerMetrics()
    /// The opx version recorded in exports.
    package var opxVersion = "0.1.0"
    /// The correlation rules of ingest (the `detection` configuration section).
    package var detectionRules = DetectionRules.default
    /// Called, without waiting, with every incident an ingest request opened (after its events are durable):
    /// `opx serve --investigate` starts an investigation there. `nil`: nothing happens.
    package var onIncidentOpened: (@Sendable (EntityID) -> Void)?

    package init(log: EventLog, tokens: TokenStore) {
        self.log = log
        self.tokens = tokens
    }
}

/// Builds the opx HTTP application: routes, auth, limits, logging.
///
/// ```swift
/// let app = buildApplication(ServerContext(log: log, tokens: TokenStore(directory: dir)), logger: logger)
/// try await app.runService()   // until SIGTERM/SIGINT; in-flight requests finish first
/// ```
///
/// The caller owns the log: close it after the application returns, which finishes queued commits.
package func buildApplication(_ server: ServerContext, logger: Logger,
                              onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    let router = buildRouter(server)
    var configuration = ApplicationConfiguration(address: .hostname(server.host, port: server.port), serverName: "opx")
    configuration.reuseAddress = true
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(server.configuration.idleTimeoutSeconds * 1000)))),
        configuration: configuration,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? server.port) },
        logger: logger
    )
}

/// Runs the server until SIGTERM or SIGINT, then stops accepting and lets in-flight requests
/// (and their commits) finish before returning. The caller closes the log afterwards.
///
/// - Parameter onServerRunning: Called with the bound port once the server listens.
package func runServer(_ server: ServerContext, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void) async throws {
    try await buildApplication(server, logger: logger, onServerRunning: onServerRunning).runService()
}

/// The router alone (for router tests and ``buildApplication(_:logger:onServerRunning:)``).
package func buildRouter(_ server: ServerContext) -> Router<OPXRequestContext> {
    let config = server.configuration
    let router = Router(context: OPXRequestContext.self)
    router.add(middleware: RequestMiddleware(metrics: server.metrics, timeout: .milliseconds(Int64(config.requestTimeoutSeconds * 1000))))
    router.add(middleware: BodyLimitMiddleware(limit: config.maxBodyBytes))
    let operations = OperationsRoutes(log: server.log, metrics: server.metrics)
    operations.addHealth(to: router)

    let authority = TokenAuthority(store: server.tokens)
    let limiter = RateLimiter(rate: config.requestsPerSecond, burst: config.burst)
    func group(_ scope: TokenScope) -> RouterGroup<OPXRequestContext> {
        router.group().add(middleware: AuthMiddleware(authority: authority, scope: scope, queryTokenAdapters: config.queryTokenAdapters,
                                                      rateLimiter: limiter))
    }
    let events = EventRoutes(log: server.log, metrics: server.metrics, configuration: config)
    let ingest = group(.ingest)
    events.addAppend(to: ingest)
    let read = group(.read)
    events.addReads(to: read)
    QueryRoutes(log: server.log).add(to: read)
    StreamingRoutes(log: server.log, opxVersion: server.opxVersion).add(to: read)
    operations.addMetrics(to: read)
    let ingestService = IngestService(log: server.log, rules: server.detectionRules,
                                      limits: IngestLimits(maxBodyBytes: config.maxBodyBytes, maxEvents: config.maxBatchEvents))
    IngestRoutes(service: ingestService, metrics: server.metrics, onIncidentOpened: server.onIncidentOpened).add(to: ingest)
    return router
}

/// Sets the request's body limit from the configuration.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = OPXRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = limit
        return try await next(request, context)
    }
}

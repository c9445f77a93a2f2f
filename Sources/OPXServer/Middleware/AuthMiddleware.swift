import Foundation
import Hummingbird
import Logging
import OPXIngest

/// Requires a live bearer token of the route group's scope; sets ``OPXRequestContext/token``.
///
/// No token → 401 (with `WWW-Authenticate: Bearer`), an unknown or revoked token → 401, a token
/// of another scope → 403. For ingest routes of adapters the operator listed in
/// `server.queryTokenAdapters`, a token bound to that adapter may come as `?token=` instead.
/// Each token is then rate limited (429 with `Retry-After`).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = OPXRequestContext

    let authority: TokenAuthority
    let scope: TokenScope
    let queryTokenAdapters: Set<String>
    let rateLimiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let adapter = IngestPath.adapter(of: request.uri.path)
        let record: TokenRecord
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                throw Self.unauthorized("the Authorization header must be `Bearer <token>`")
            }
            record = try lookup(String(header.dropFirst(7).trimmingBlanks))
        } else if let queryToken = request.uri.queryParameters["token"] {
            guard let adapter, queryTokenAdapters.contains(adapter) else {
                throw Self.unauthorized("a token in the query string is accepted only on ingest routes of adapters listed in the server configuration's queryTokenAdapters; send `Authorization: Bearer <token>`")
            }
            record = try lookup(String(queryToken))
            guard record.adapter == adapter else {
                throw APIError(.forbidden, "wrong-adapter", "a query-string token must be created for this adapter (`opx token create --scope ingest --adapter \(adapter) --name …`)", pointer: "token")
            }
        } else {
            throw Self.unauthorized("this route needs a bearer token: send `Authorization: Bearer <token>` (create one with `opx token create --scope \(scope.rawValue) --name …`)")
        }
        guard record.scope.permits(scope) else {
            throw APIError(.forbidden, "wrong-scope", "token \(record.id) (\(record.name)) has scope \(record.scope.rawValue); this route needs \(scope.rawValue) or admin")
        }
        if let bound = record.adapter, let adapter, bound != adapter {
            throw APIError(.forbidden, "wrong-adapter", "token \(record.id) (\(record.name)) may post only to the \(bound) adapter")
        }
        if let wait = rateLimiter.admit(record.id) {
            var error = APIError(.tooManyRequests, "rate-limited", "token \(record.id) (\(record.name)) is over its request rate; retry after \(wait) s, or raise server.rateLimit in the configuration")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        context.token = record
        var context = context
        context.logger[metadataKey: "opx.token"] = .string(record.id)
        return try await next(request, context)
    }

    private func lookup(_ token: String) throws -> TokenRecord {
        let found: TokenRecord?
        do { found = try authority.record(for: token) } catch {
            throw APIError.unavailable("tokens-unreadable", "the server cannot read its token file; see the server log")
        }
        guard let found else { throw Self.unauthorized("the token is unknown or revoked") }
        return found
    }

    private static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "unauthorized", message, pointer: "Authorization")
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }
}

/// Which adapter an ingest path is for.
enum IngestPath {
    /// `alertmanager` for `/v1/ingest/alertmanager`, `pagerduty` for `/v2/enqueue`, else `nil`.
    static func adapter(of path: String) -> String? {
        if path == "/v2/enqueue" { return "pagerduty" }
        let prefix = "/v1/ingest/"
        guard path.hasPrefix(prefix) else { return nil }
        let name = String(path.dropFirst(prefix.count))
        return IngestAdapterName.all.contains(name) ? name : nil
    }
}

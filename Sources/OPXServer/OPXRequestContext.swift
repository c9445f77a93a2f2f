package import Hummingbird
import OPXStorage

/// The per-request context: Hummingbird's core storage plus the authenticated token and ids for logs.
package struct OPXRequestContext: RequestContext {
    /// Hummingbird's storage (logger, parameters, endpoint path).
    package var coreContext: CoreRequestContextStorage
    /// The token that authenticated the request (set by ``AuthMiddleware``), `nil` on `/healthz`.
    ///
    /// Shared by every copy of this request's context, so the outer ``RequestMiddleware`` sees
    /// what the inner ``AuthMiddleware`` set and names the token in the request's log line.
    package var token: TokenRecord? {
        get { authenticated.withLock { $0 } }
        nonmutating set { authenticated.withLock { $0 = newValue } }
    }
    private let authenticated = Locked<TokenRecord?>(nil)
    /// The request id: the `X-Request-Id` header when the client sent a sane one, else generated.
    package var requestID = ""
    /// The W3C trace id from `traceparent`, if the client sent one.
    package var traceID: String?
    /// The body limit: the route's own, from the configuration (see ``ServerConfiguration``).
    package var maxUploadSize: Int = ServerConfiguration.defaultMaxBodyBytes

    package init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }
}

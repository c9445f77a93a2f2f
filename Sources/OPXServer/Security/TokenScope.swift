/// What a bearer token may do.
///
/// `ingest` posts webhooks and appends to streams; `read` reads the log, queries, subscriptions,
/// exports and metrics; `admin` may do everything.
package enum TokenScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// Webhooks and appends.
    case ingest
    /// Reads, queries, subscriptions, exports, metrics.
    case read
    /// Everything.
    case admin

    /// Whether a token of this scope may use a route that needs `required`.
    package func permits(_ required: TokenScope) -> Bool {
        self == .admin || self == required
    }
}

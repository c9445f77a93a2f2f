/// Where one ingest request's time went once its adapter had run, in three consecutive parts (for the p99: which
/// wait makes the slowest requests slow).
package struct IngestWaits: Sendable {
    /// Waiting for correlation to take the request (behind the requests before it, or a load of its state), and
    /// deciding it.
    package var correlation: Duration = .zero
    /// Decided, waiting for its append to stop filling: that append waits for the earlier appends of the request's
    /// correlation groups to be durable.
    package var order: Duration = .zero
    /// Its append in the log's writer: behind the commit in progress, then written and made durable, until the
    /// append's task runs again in correlation.
    package var commit: Duration = .zero
    /// Its append durable and back in correlation, until the request itself runs again there (behind the requests
    /// being decided, for a thread of the pool).
    package var resume: Duration = .zero
}

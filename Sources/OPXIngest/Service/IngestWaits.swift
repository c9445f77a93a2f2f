/// Where one ingest request's time went once its adapter had run, in four consecutive parts (for the p99: which
/// wait makes the slowest requests slow).
package struct IngestWaits: Sendable {
    /// Waiting for correlation to take the request (behind the requests before it, or a load of its state), and
    /// deciding it.
    package var correlation: Duration = .zero
    /// Decided, waiting for its append to stop filling: the append waits in the log's writer queue, behind the
    /// earlier appends of the request's correlation groups and the commit in progress, until the writer runs it.
    package var order: Duration = .zero
    /// Its append run by the writer, until durable and the append's task runs again in correlation.
    package var commit: Duration = .zero
    /// Its append's task done, until the request itself runs again (waiting for a thread of the pool).
    package var resume: Duration = .zero
}

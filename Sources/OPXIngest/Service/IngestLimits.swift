/// Bounds on one ingest request.
package struct IngestLimits: Sendable, Hashable {
    /// The largest body accepted, in bytes (413 above). Default 1 MiB.
    package var maxBodyBytes: Int
    /// The most events one request may produce (413 above). Default 1,000.
    package var maxEvents: Int

    /// Creates limits.
    package init(maxBodyBytes: Int = 1 << 20, maxEvents: Int = 1000) {
        self.maxBodyBytes = maxBodyBytes
        self.maxEvents = maxEvents
    }

    /// The defaults.
    package static let `default` = IngestLimits()
}

import OPXStorage

/// An append in the log's writer queue (``EventLog/enqueueAppend(weight:batches:)``): its results once durable.
package struct PendingAppend: Sendable {
    let write: PendingWrite<EventLog.Outcome>
    let log: EventLog

    /// Whether the append failed; seen at once by appends queued after it when the writer runs them, so an append
    /// that depends on this one's events can refuse to run without them.
    package var failed: Bool { write.failed }

    /// The log's result for each batch, once the append is durable; also records the new head (the head sidecar,
    /// and subscribers are told). Await it once.
    ///
    /// - Throws: what ``EventLog/append(_:)`` throws, or what the append's `batches` threw.
    package func results() async throws -> [AppendResult] {
        let outcome = try await write.value
        if let hash = outcome.newHead, let last = outcome.results.last { log.committed(last, hash: hash) }
        return outcome.results
    }
}

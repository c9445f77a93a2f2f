package import OPXEvents
package import OPXStorage

/// Something updated inside every append's own write transaction, so it is never behind the log
/// (inline projections).
///
/// `appended` runs on the writer thread, before commit, after the batch's records were written;
/// it must be a pure function of the store's state and the events (the writer may run it again
/// in a fresh transaction), must not block, and throws only storage errors: a throw aborts the
/// append with it.
package protocol InlineAppendObserver: Sendable {
    /// Applies a freshly written batch inside its transaction.
    func appended(_ events: [RecordedEvent], in txn: borrowing WriteTransaction) throws
}

extension EventLog {
    /// Registers an observer run inside every later append's transaction. Call at startup.
    package func addInlineObserver(_ observer: any InlineAppendObserver) {
        inlineObservers.withLock { $0.append(observer) }
    }
}

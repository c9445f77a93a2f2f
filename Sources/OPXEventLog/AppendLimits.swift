/// Limits checked before any write begins; a batch over them is refused whole.
///
/// They keep one batch well inside one LMDB transaction (RELIABILITY.md P3, `MDB_TXN_FULL`).
package struct AppendLimits: Sendable, Hashable {
    /// Events in one batch.
    package var maxEventsPerBatch: Int = 10_000
    /// Payload bytes in one batch.
    package var maxBatchBytes: Int = 32 << 20
    /// Payload bytes of one event.
    package var maxEventBytes: Int = 1 << 20

    package init() {}

    /// The defaults.
    package static let `default` = AppendLimits()
}

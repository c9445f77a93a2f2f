import Foundation

/// A write job in the writer's queue: its result once the transaction that ran it is durable.
///
/// ``LMDBEnvironment/enqueueWrite(weight:_:)`` returns one as soon as the job is queued, so jobs queued one after
/// another from one task run in that order; ``value`` waits for the outcome.
///
/// ```swift
/// let first = env.enqueueWrite { txn in try txn.put(db, key: [1], value: [1]) }
/// let second = env.enqueueWrite { txn in try txn.put(db, key: [2], value: [2]) }   // runs after `first`
/// try await first.value
/// try await second.value
/// ```
package final class PendingWrite<T: Sendable>: @unchecked Sendable {
    // Safe to share: `produced` is touched only by the writer thread (the job runs there, and `finish` is called
    // there or, for a committed group, by the completion queue after the writer let go of the job); everything
    // else is behind `state`'s lock.
    private var produced: T?
    private let state = Locked(State.waiting(nil))
    private let statistics: WriterStatistics

    private enum State {
        case waiting(CheckedContinuation<(T, UInt64), any Error>?)
        /// The outcome, and when its transaction became durable (uptime nanoseconds).
        case done(Result<(T, UInt64), any Error>)
    }

    init(statistics: WriterStatistics) {
        self.statistics = statistics
    }

    /// The job's result, once its transaction is durable.
    ///
    /// - Throws: what the job threw, or ``StorageError`` when its transaction could not be committed (then the
    ///   outcome is unknown to the caller).
    package var value: T {
        get async throws {
            let (value, committed) = try await withCheckedThrowingContinuation { continuation in
                let result = state.withLock { state -> Result<(T, UInt64), any Error>? in
                    if case .done(let result) = state { return result }
                    state = .waiting(continuation)
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            statistics.recordResume(nanoseconds: now - min(committed, now))
            return value
        }
    }

    /// Whether the job failed: set on the writer thread as soon as it did, so a later job of the same queue sees
    /// it when it runs (a job that depends on this one's writes can refuse to run without them).
    package var failed: Bool {
        state.withLock { state in
            if case .done(.failure) = state { return true }
            return false
        }
    }

    /// Runs `body` in `txn` and keeps its result (writer thread only).
    func run(_ body: (borrowing WriteTransaction) throws -> T, in txn: borrowing WriteTransaction) throws {
        produced = try body(txn)
    }

    /// Settles the outcome: `error`, or the kept result, durable since `committed` (uptime nanoseconds).
    func finish(_ error: (any Error)?, committed: UInt64) {
        let result: Result<(T, UInt64), any Error> = error.map { .failure($0) } ?? .success((produced!, committed))
        produced = nil
        let waiter = state.withLock { state -> CheckedContinuation<(T, UInt64), any Error>? in
            defer { state = .done(result) }
            guard case .waiting(let continuation) = state else { return nil }
            return continuation
        }
        waiter?.resume(with: result)
    }
}

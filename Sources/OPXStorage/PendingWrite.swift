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
    // Safe to share: `produced` is written only by the writer thread, while the job runs, before the outcome is
    // settled under `outcome`'s lock, and read only by the awaiting task after that lock told it the job succeeded.
    private var produced: T?
    private let outcome: WriteOutcome

    init(statistics: WriterStatistics) {
        outcome = WriteOutcome(statistics: statistics)
    }

    /// The job's result, once its transaction is durable.
    ///
    /// - Throws: what the job threw, or ``StorageError`` when its transaction could not be committed (then the
    ///   outcome is unknown to the caller).
    package var value: T {
        get async throws {
            try await outcome.wait()
            return produced!
        }
    }

    /// Whether the job failed: set on the writer thread as soon as it did, so a later job of the same queue sees
    /// it when it runs (a job that depends on this one's writes can refuse to run without them).
    package var failed: Bool { outcome.failed }

    /// Runs `body` in `txn` and keeps its result (writer thread only).
    func run(_ body: (borrowing WriteTransaction) throws -> T, in txn: borrowing WriteTransaction) throws {
        produced = try body(txn)
    }

    /// Settles the outcome: `error`, or the kept result, durable since `committed` (uptime nanoseconds).
    func finish(_ error: (any Error)?, committed: UInt64) {
        outcome.settle(error, committed: committed)
    }
}

/// Whether a write job succeeded, and the wait for it: the part of ``PendingWrite`` that does not depend on the
/// job's result type.
///
/// Not generic on purpose: unspecialized generic code (callers in other modules) looks up the metadata of every
/// generic type it touches at run time, through a locked cache — with the lock, continuation and state generic over
/// the result, that was about 5 % of a 64-appender benchmark's samples.
private final class WriteOutcome: @unchecked Sendable {
    // Safe to share: everything is behind `state`'s lock.
    private let state = Locked(State.waiting(nil))
    private let statistics: WriterStatistics

    /// Waiting (for a task, or not yet), or settled: the job's error, or when its transaction became durable
    /// (uptime nanoseconds).
    private enum State {
        case waiting(CheckedContinuation<UInt64, any Error>?)
        case done(Result<UInt64, any Error>)
    }

    init(statistics: WriterStatistics) {
        self.statistics = statistics
    }

    /// Returns once the job succeeded and its transaction is durable; throws its error otherwise.
    func wait() async throws {
        let committed = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<UInt64, any Error>) in
            let settled = state.withLock { state -> Result<UInt64, any Error>? in
                if case .done(let result) = state { return result }
                state = .waiting(continuation)
                return nil
            }
            if let settled { continuation.resume(with: settled) }
        }
        let now = DispatchTime.now().uptimeNanoseconds
        statistics.recordResume(nanoseconds: now - min(committed, now))
    }

    /// Whether the job failed.
    var failed: Bool {
        state.withLock { state in
            if case .done(.failure) = state { return true }
            return false
        }
    }

    /// Settles the outcome: `error`, or success durable since `committed`; resumes the waiting task.
    func settle(_ error: (any Error)?, committed: UInt64) {
        let result: Result<UInt64, any Error> = error.map { .failure($0) } ?? .success(committed)
        let waiter = state.withLock { state -> CheckedContinuation<UInt64, any Error>? in
            defer { state = .done(result) }
            guard case .waiting(let continuation) = state else { return nil }
            return continuation
        }
        waiter?.resume(with: result)
    }
}

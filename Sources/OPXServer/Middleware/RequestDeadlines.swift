import OPXStorage

/// The requests' timeouts, sharing one timer per time slot instead of each arming its own.
///
/// A `Task.sleep` per request armed a dispatch timer per request (a timer source, a write to the dispatch
/// manager's eventfd, and the manager thread waking to file it and again to cancel it): about 4 % of the server's
/// CPU under the webhook benchmark. Here a request's deadline is rounded up to the end of its slot
/// (`granularity` wide), the first request of a slot starts the one task that sleeps until the slot ends, and
/// the slot's requests wait on continuations; a request that finishes first cancels its wait, which only takes
/// it out of its slot. A timeout therefore fires between `timeout` and `timeout + granularity` after the wait
/// began.
package final class RequestDeadlines: Sendable {
    private enum Waiter {
        /// Registered, not waiting yet.
        case pending
        /// Cancelled before it began waiting.
        case cancelled
        /// Waiting in a slot.
        case waiting(CheckedContinuation<Void, any Error>)
    }

    private struct State {
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
        /// The waiters of each slot whose timer is armed, by slot number.
        var slots: [Int64: [Int]] = [:]
    }

    private let granularity: Duration
    private let origin = ContinuousClock.now
    private let state = Locked(State())

    /// Deadlines rounded up to multiples of `granularity` (100 ms by default).
    package init(granularity: Duration = .milliseconds(100)) {
        precondition(granularity > .zero, "a deadline slot must have a width")
        self.granularity = granularity
    }

    /// Returns once `timeout` has passed (up to one `granularity` later).
    /// - Throws: `CancellationError` as soon as the calling task is cancelled.
    package func wait(_ timeout: Duration) async throws {
        let slot = Int64(((ContinuousClock.now - origin + timeout) / granularity).rounded(.up))
        let id = state.withLock { state in
            state.nextID += 1
            state.waiters[state.nextID] = .pending
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (cancelled, arm) = state.withLock { state -> (Bool, Bool) in
                    guard case .pending = state.waiters[id] else {
                        state.waiters[id] = nil
                        return (true, false)
                    }
                    state.waiters[id] = .waiting(continuation)
                    let arm = state.slots[slot] == nil
                    state.slots[slot, default: []].append(id)
                    return (false, arm)
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
                if arm { armTimer(slot) }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                switch state.waiters[id] {
                case .pending?:
                    state.waiters[id] = .cancelled
                    return nil
                case .waiting(let continuation)?:
                    // Left in its slot's list: the slot's timer skips ids that no longer wait.
                    state.waiters[id] = nil
                    return continuation
                case .cancelled?, nil:
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Starts the task that ends `slot`: it sleeps until the slot's end, then resumes the slot's waiters.
    ///
    /// An unstructured task, not a `Service`: it holds no state of its own and ends by itself at its slot's end
    /// (at most one `timeout` and one `granularity` after a request armed it), so there is nothing to shut down;
    /// at most one exists per slot.
    private func armTimer(_ slot: Int64) {
        let end = origin + granularity * Int(slot)
        Task {
            try? await Task.sleep(until: end, clock: .continuous)
            fire(slot)
        }
    }

    private func fire(_ slot: Int64) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            var due: [CheckedContinuation<Void, any Error>] = []
            for id in state.slots.removeValue(forKey: slot) ?? [] {
                if case .waiting(let continuation)? = state.waiters.removeValue(forKey: id) { due.append(continuation) }
            }
            return due
        }
        for continuation in due { continuation.resume() }
    }
}

import OPXStorage
import OPXEvents

/// Wakes subscribers when this process commits new events.
///
/// Subscribers in other processes are not woken; they poll (see ``LogSubscription``).
final class CommitNotifier: Sendable {
    private struct State {
        var latest: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Locked(State())

    /// Records that the log now reaches `position` and wakes every waiter.
    func notify(_ position: LogPosition) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.latest = max(state.latest, position.rawValue)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when a commit beyond `position` is notified, after `timeout`, or on cancellation.
    func wait(after position: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForCommit(after: position) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForCommit(after position: UInt64) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.latest > position || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}

/// An agent attempt that did not finish within its time limit.
struct AttemptTimedOut: Error, CustomStringConvertible {
    let milliseconds: Int
    var description: String { "no answer within \(milliseconds) ms" }
}

/// Runs `body`, cancelling it after `milliseconds`.
///
/// The body must honour cancellation (the subprocess and HTTP agents kill the process or the request);
/// the engine waits for it to return after cancelling.
func withTimeout<T: Sendable>(milliseconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(milliseconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw AttemptTimedOut(milliseconds: milliseconds) }
        return value
    }
}

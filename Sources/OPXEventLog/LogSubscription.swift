package import OPXEvents

/// Every event from a position on: first the stored ones (catch-up), then new ones as they are
/// committed (live). It never ends by itself; cancel the task iterating it.
///
/// Each page is read in its own short read transaction; no transaction is ever held across the
/// `await` that waits for new commits. Commits of this process wake it at once; commits of
/// other processes are seen within `pollInterval`.
///
/// ```swift
/// for try await event in log.subscribe(from: LogPosition(1)) { print(event.position) }
/// ```
package struct LogSubscription: AsyncSequence, Sendable {
    package typealias Element = RecordedEvent

    let log: EventLog
    let start: LogPosition
    let pageSize: Int
    let pollInterval: Duration

    package func makeAsyncIterator() -> Iterator {
        Iterator(log: log, next: Swift.max(start.rawValue, 1), pageSize: pageSize, pollInterval: pollInterval)
    }

    /// Iterates a ``LogSubscription``.
    package struct Iterator: AsyncIteratorProtocol {
        let log: EventLog
        var next: UInt64
        let pageSize: Int
        let pollInterval: Duration
        var buffer: [RecordedEvent] = []
        var index = 0

        init(log: EventLog, next: UInt64, pageSize: Int, pollInterval: Duration) {
            self.log = log
            self.next = next
            self.pageSize = pageSize
            self.pollInterval = pollInterval
        }

        /// The next event, waiting for it to be committed if need be.
        /// - Throws: `CancellationError` when the task is cancelled; storage errors.
        package mutating func next() async throws -> RecordedEvent? {
            while true {
                if index < buffer.count {
                    defer { index += 1 }
                    return buffer[index]
                }
                try Task.checkCancellation()
                buffer = try log.read(from: LogPosition(next), limit: pageSize)
                index = 0
                if let last = buffer.last {
                    next = last.position.rawValue + 1
                    continue
                }
                await log.notifier.wait(after: next - 1, timeout: pollInterval)
            }
        }
    }
}

extension EventLog {
    /// Every event from `position` on, catch-up then live. See ``LogSubscription``.
    package func subscribe(from position: LogPosition = LogPosition(1), pageSize: Int = 512,
                           pollInterval: Duration = .milliseconds(200)) -> LogSubscription {
        LogSubscription(log: self, start: position, pageSize: pageSize, pollInterval: pollInterval)
    }
}

import OPXEventLog
import OPXEvents

/// The ingest engine's atomic appends, ordered per correlation group: an append is queued in the log's writer
/// behind the latest earlier append of every group it touches, so the log sees each group's requests in the order
/// they were decided, while appends of different groups share the log's group commits.
///
/// An append is handed to the log's writer queue as soon as it is started, and keeps filling until the writer runs
/// it (``FillingAppend``): a request joins the latest append of its groups when that append is not taken yet and
/// it is the latest append of each of them; otherwise it starts a new one, queued behind them. So a group's next
/// append waits in the writer's queue while the one before it commits, and lands in the very next commit. An
/// append holds at most the log's batch limits: a request too large for one starts several, in order. A request
/// joins an append whole or not at all, so its events and decisions stay one atomic append.
struct AppendQueue {
    /// A durable append: the log's results, when the writer took it, and when its task ran again.
    struct Landed: Sendable {
        /// The log's result for each batch.
        let results: [AppendResult]
        /// When the writer took the append's batches (it stopped filling).
        let taken: ContinuousClock.Instant
        /// When the append's task ran again in correlation, durable.
        let landed: ContinuousClock.Instant
    }

    /// An append, and where one request's last event sits in it.
    struct Ticket: Sendable {
        /// The append that makes the request durable.
        let append: Task<Landed, any Error>
        /// The offset of the request's last event among the append's events.
        let offset: Int
    }

    /// A started append: its events, its place in the log's writer queue, and the task that waits for it.
    struct Started {
        let filling: FillingAppend
        let write: PendingAppend
        let task: Task<Landed, any Error>
    }

    private var pending: [Int: Started] = [:]
    /// The latest append of each group with an append not finished.
    private var latest: [GroupKey: Int] = [:]
    private var count = 0

    /// Every append not finished yet.
    var unfinished: [Task<Landed, any Error>] { pending.values.map(\.task) }

    /// The latest unfinished appends of `groups`: what a request about them that appends nothing waits for.
    func latest(of groups: some Sequence<GroupKey>) -> [Task<Landed, any Error>] {
        latestStarted(of: groups).map(\.task)
    }

    private func latestStarted(of groups: some Sequence<GroupKey>) -> [Started] {
        Set(groups.compactMap { latest[$0] }).compactMap { pending[$0] }
    }

    /// Queues `events` of a request about `groups` behind the earlier appends of those groups.
    ///
    /// - Parameters:
    ///   - start: Starts append number `number` holding `filling`'s events: queues it in the log's writer (where it
    ///     must refuse to run when one of `after` failed) and returns it; its task calls ``finish(_:)`` when done.
    /// - Returns: The append holding the last of `events`; `nil` when `events` is empty.
    mutating func add(_ events: [(stream: StreamID, event: ProposedEvent)], groups: Set<GroupKey>, limits: AppendLimits,
                      start: (_ number: Int, _ filling: FillingAppend, _ after: [PendingAppend]) throws -> Started) rethrows -> Ticket? {
        guard !events.isEmpty else { return nil }
        if let number = joinable(groups), let started = pending[number], let offset = started.filling.add(events, limits: limits) {
            return Ticket(append: started.task, offset: offset)
        }
        var rest = events[...]
        var previous = latestStarted(of: groups).map(\.write)
        while true {
            let filling = FillingAppend()
            let offset = filling.add(rest.prefix(FillingAppend.fitting(rest, limits)), limits: limits)!
            rest = rest.dropFirst(offset + 1)
            count += 1
            let started = try start(count, filling, previous)
            pending[count] = started
            for group in groups { latest[group] = count }
            // A request larger than one append: its next part comes after this one.
            previous.append(started.write)
            if rest.isEmpty { return Ticket(append: started.task, offset: offset) }
        }
    }

    /// The append a request about `groups` may join: the latest of every one of them, when it is the same.
    private func joinable(_ groups: Set<GroupKey>) -> Int? {
        let numbers = Set(groups.map { latest[$0] })
        return numbers.count == 1 ? numbers.first ?? nil : nil
    }

    /// Forgets append `number`, which is durable or failed.
    mutating func finish(_ number: Int) {
        pending[number] = nil
        latest = latest.filter { $0.value != number }
    }
}

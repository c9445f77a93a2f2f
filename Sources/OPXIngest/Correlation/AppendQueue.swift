import OPXEventLog
import OPXEvents

/// The ingest engine's atomic appends, ordered per correlation group: an append waits for the latest earlier
/// append of every group it touches, so the log sees each group's requests in the order they were decided,
/// while appends of different groups run side by side and share the log's group commits.
///
/// A request joins the latest append of its groups while that append is still filling (not yet taken, which
/// happens once the appends before it are durable) and it is the latest append of each of them; otherwise it
/// starts a new one. An append holds at most the log's batch limits: events beyond them start the next append,
/// so a request larger than one append spans several, in order. Adjacent events of one stream share a batch.
struct AppendQueue {
    /// A durable append: the log's results, and when the append stopped filling and went to the log.
    struct Landed: Sendable {
        /// The log's result for each batch.
        let results: [AppendResult]
        /// When the append was taken (its earlier appends durable) and handed to the log's writer.
        let taken: ContinuousClock.Instant
        /// When the append's task ran again in correlation, durable.
        let landed: ContinuousClock.Instant
    }

    /// An append, and where one request's last event sits in it.
    struct Ticket {
        /// The append that makes the request durable.
        let append: Task<Landed, any Error>
        /// The offset of the request's last event among the append's events.
        let offset: Int
    }

    /// An append not finished yet.
    private struct Pending {
        var task: Task<Landed, any Error>
        var taken = false
        var events = 0
        var bytes = 0
        var batches: [(stream: StreamID, events: [ProposedEvent])] = []

        /// Whether `event` may still join: not taken, and within the log's limits (an empty append takes any event).
        func accepts(_ event: ProposedEvent, _ limits: AppendLimits) -> Bool {
            !taken && (events == 0 || (events < limits.maxEventsPerBatch && bytes + event.data.count <= limits.maxBatchBytes))
        }

        mutating func add(_ event: ProposedEvent, to stream: StreamID) {
            if batches.last?.stream == stream {
                batches[batches.count - 1].events.append(event)
            } else {
                batches.append((stream, [event]))
            }
            events += 1
            bytes += event.data.count
        }
    }

    private var pending: [Int: Pending] = [:]
    /// The latest append of each group with an append not finished.
    private var latest: [GroupKey: Int] = [:]
    private var count = 0

    /// Every append not finished yet.
    var unfinished: [Task<Landed, any Error>] { pending.values.map(\.task) }

    /// The latest unfinished appends of `groups`: what a request about them that appends nothing waits for.
    func latest(of groups: some Sequence<GroupKey>) -> [Task<Landed, any Error>] {
        Set(groups.compactMap { latest[$0] }).compactMap { pending[$0]?.task }
    }

    /// Queues `events` of a request about `groups` behind the earlier appends of those groups.
    ///
    /// - Parameters:
    ///   - start: Starts the append numbered by its first argument, which must wait for the appends of the second
    ///     and then ``take(_:)`` its batches, and call ``finish(_:)`` when done.
    /// - Returns: The append holding the last of `events`; `nil` when `events` is empty.
    mutating func add(_ events: [(stream: StreamID, event: ProposedEvent)], groups: Set<GroupKey>, limits: AppendLimits,
                      start: (Int, [Task<Landed, any Error>]) -> Task<Landed, any Error>) -> Ticket? {
        var target = joinable(groups)
        for (stream, event) in events {
            if !(target.flatMap { pending[$0]?.accepts(event, limits) } ?? false) {
                // Behind the groups' latest appends, and behind this request's previous (full) append.
                let previous = latest(of: groups) + (target.flatMap { pending[$0]?.task }.map { [$0] } ?? [])
                count += 1
                pending[count] = Pending(task: start(count, previous))
                for group in groups { latest[group] = count }
                target = count
            }
            if let number = target { pending[number]?.add(event, to: stream) }
        }
        guard let number = target, let append = pending[number], !events.isEmpty else { return nil }
        return Ticket(append: append.task, offset: append.events - 1)
    }

    /// The append a request about `groups` may join: the latest of every one of them, when it is the same.
    private func joinable(_ groups: Set<GroupKey>) -> Int? {
        let numbers = Set(groups.map { latest[$0] })
        return numbers.count == 1 ? numbers.first ?? nil : nil
    }

    /// The batches of append `number`, which stops filling.
    mutating func take(_ number: Int) -> [StreamAppend] {
        pending[number]?.taken = true
        defer { pending[number]?.batches = [] }
        return (pending[number]?.batches ?? []).map { StreamAppend(stream: $0.stream, events: $0.events) }
    }

    /// Forgets append `number`, which is durable or failed.
    mutating func finish(_ number: Int) {
        pending[number] = nil
        latest = latest.filter { $0.value != number }
    }
}

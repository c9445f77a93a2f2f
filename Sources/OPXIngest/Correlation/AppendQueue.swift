import OPXEventLog
import OPXEvents

/// The ingest engine's queue of atomic appends: each append waits for the one before it, and the latest one
/// fills with the events of every request queued until it is taken (when the append before it is durable).
///
/// An append holds at most the log's batch limits; events beyond them start the next append, so a request
/// larger than one append spans several, in order. Adjacent events of one stream share a batch.
struct AppendQueue {
    /// An append, and where one request's last event sits in it.
    struct Ticket {
        /// The append that makes the request durable.
        let append: Task<[AppendResult], any Error>
        /// The offset of the request's last event among the append's events; `nil` when it queued none.
        let offset: Int?
    }

    /// The latest append.
    private(set) var latest: Task<[AppendResult], any Error>?
    private var latestNumber = 0
    /// Whether the latest append was taken (it accepts no more events).
    private var taken = true
    private var events = 0
    private var bytes = 0
    /// The batches of every append not taken yet, by number.
    private var batches: [Int: [(stream: StreamID, events: [ProposedEvent])]] = [:]

    /// Queues `events` behind everything queued before.
    ///
    /// - Parameters:
    ///   - start: Starts the append numbered by its first argument, which must wait for the second (the append
    ///     before it) and then ``take(_:)`` its batches.
    /// - Returns: The append holding the last of `events`, or the latest append when `events` is empty; `nil` when
    ///   there is nothing to wait for.
    mutating func add(_ events: [(stream: StreamID, event: ProposedEvent)], limits: AppendLimits,
                      start: (Int, Task<[AppendResult], any Error>?) -> Task<[AppendResult], any Error>) -> Ticket? {
        for (stream, event) in events {
            let hasRoom = self.events == 0
                || (self.events < limits.maxEventsPerBatch && bytes + event.data.count <= limits.maxBatchBytes)
            if taken || !hasRoom {
                latestNumber += 1
                latest = start(latestNumber, latest)
                batches[latestNumber] = []
                taken = false
                self.events = 0
                bytes = 0
            }
            if batches[latestNumber]?.last?.stream == stream {
                batches[latestNumber]![batches[latestNumber]!.count - 1].events.append(event)
            } else {
                batches[latestNumber]?.append((stream, [event]))
            }
            self.events += 1
            bytes += event.data.count
        }
        return latest.map { Ticket(append: $0, offset: events.isEmpty ? nil : self.events - 1) }
    }

    /// The batches of append `number`, which stops filling.
    mutating func take(_ number: Int) -> [StreamAppend] {
        if number == latestNumber { taken = true }
        return (batches.removeValue(forKey: number) ?? []).map { StreamAppend(stream: $0.stream, events: $0.events) }
    }
}

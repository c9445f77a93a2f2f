import Foundation
import OPXEventLog
import OPXEvents
import OPXStorage

/// The events of one of ingest's appends while it fills: requests decided while it waits in the log's writer queue
/// join it, until the writer runs it and takes its batches (``take()``).
///
/// Shared by correlation (which adds requests) and the writer thread (which takes them), so every access is under
/// one lock: a request joins whole before the take, or not at all.
final class FillingAppend: Sendable {
    private struct State {
        var batches: [(stream: StreamID, events: [ProposedEvent])] = []
        var events = 0
        var bytes = 0
        var taken: ContinuousClock.Instant?
    }

    private let state = Locked(State())

    /// Adds all of `events`, in order, and returns the offset of the last among the append's events; adds none and
    /// returns `nil` when the append was taken or they would take it past `limits`.
    func add(_ events: some Collection<(stream: StreamID, event: ProposedEvent)>, limits: AppendLimits) -> Int? {
        state.withLock { state in
            guard state.taken == nil, Self.fitting(events, beside: (state.events, state.bytes), limits) == events.count else { return nil }
            for (stream, event) in events {
                if state.batches.last?.stream == stream {
                    state.batches[state.batches.count - 1].events.append(event)
                } else {
                    state.batches.append((stream, [event]))
                }
                state.events += 1
                state.bytes += event.data.count
            }
            return state.events - 1
        }
    }

    /// How many of `events`, from the first, fit in an append holding `used` events and bytes: within `limits`,
    /// and an empty append takes any one event.
    static func fitting(_ events: some Collection<(stream: StreamID, event: ProposedEvent)>, beside used: (events: Int, bytes: Int) = (0, 0),
                        _ limits: AppendLimits) -> Int {
        var (count, bytes) = used
        var fitting = 0
        for (_, event) in events {
            guard count == 0 || (count < limits.maxEventsPerBatch && bytes + event.data.count <= limits.maxBatchBytes) else { break }
            count += 1
            bytes += event.data.count
            fitting += 1
        }
        return fitting
    }

    /// Stops filling (from then on ``add(_:limits:)`` adds nothing) and returns the batches, adjacent events of one
    /// stream in one batch. Calling it again returns the same batches.
    func take() -> [StreamAppend] {
        state.withLock { state in
            if state.taken == nil { state.taken = .now }
            return state.batches.map { StreamAppend(stream: $0.stream, events: $0.events) }
        }
    }

    /// Roughly the bytes the append writes so far (``EventLog/weight(events:bytes:)``).
    var weight: Int { state.withLock { EventLog.weight(events: $0.events, bytes: $0.bytes) } }

    /// When the append was taken, if it was.
    var taken: ContinuousClock.Instant? { state.withLock { $0.taken } }
}

import OPXEventLog
import OPXEvents

/// Runs correlation: folds each request's (already durable) signals and decides at once, in memory, one request at
/// a time; then appends the decisions to their incidents' streams, sharing appends between requests.
///
/// Each incident has at most one append in flight and one batch filling behind it: decisions about an incident
/// join its filling batch, which is appended as one batch as soon as the append before it is durable. So however
/// many webhooks hit one incident at once, the incident costs one append per commit of the log, and appends of
/// different incidents share the log's group commits. A request returns once the batches holding its decisions
/// are durable; one whose signals call for no decision returns without waiting for anyone.
///
/// The state is loaded from the log on first use; loading also records any decision a crash left unrecorded
/// (a signal appended, its decisions not yet). When an append fails, it and every later batch of the same
/// incident fail, and the state is dropped at once and loaded again (once the appends in flight have settled) by
/// the next request, so it never stays ahead of the log.
actor CorrelationEngine {
    private let log: EventLog
    private let rules: DetectionRules
    private var state: CorrelationState?
    /// Set by loading: the next request decides for every group (decisions a crash left unrecorded).
    private var catchUp = false
    /// The load in progress, which the requests arriving meanwhile wait for.
    private var loading: Task<Void, any Error>?
    /// Per incident, the latest batch: filling while not taken, else in flight.
    private var batches: [EntityID: Batch] = [:]
    /// The events of every batch not taken yet, by ticket (an incident has more than one when a batch was full).
    private var filling: [Int: [ProposedEvent]] = [:]
    private var tickets = 0

    /// An incident's latest batch of decision events and the append that will carry them.
    private struct Batch {
        var ticket: Int
        var events = 0
        var bytes = 0
        var taken = false
        var append: Task<AppendResult, any Error>

        /// Whether `event` still fits within the log's batch limits (an empty batch takes any event).
        func hasRoom(for event: ProposedEvent, _ limits: AppendLimits) -> Bool {
            events == 0 || (events < limits.maxEventsPerBatch && bytes + event.data.count <= limits.maxBatchBytes)
        }
    }

    init(log: EventLog, rules: DetectionRules) {
        self.log = log
        self.rules = rules
    }

    /// What correlating one request's signals appended.
    struct Outcome: Sendable {
        var appended = 0
        var lastPosition: UInt64?
        var incidents: [IncidentOutcome] = []
    }

    /// Folds `signals` (those seen before are skipped) and records the decisions they call for; returns once
    /// those decisions are durable.
    func correlate(_ signals: [SignalIngested]) async throws -> Outcome {
        var state = try await takeState()
        var touched: Set<GroupKey> = catchUp ? Set(state.groups.keys) : []
        catchUp = false
        for signal in signals {
            if let key = state.apply(signal) { touched.insert(key) }
        }
        var queued: [(incident: IncidentOutcome, appends: [(events: Int, task: Task<AppendResult, any Error>)])] = []
        for key in touched.sorted() {
            guard let incident = state.groups[key]?.incidentId,
                  let decisions = state.groups[key].map({ Decider.decisions(for: $0, rules: rules) }), !decisions.isEmpty else { continue }
            var events: [ProposedEvent] = []
            for decision in decisions {
                let ordinal = state.groups[key].map { Decider.ordinal(of: decision, in: $0) } ?? ""
                events.append(decision.proposedEvent(ordinal: ordinal, window: Decider.window(key, rules).start))
                state.apply(decision)
            }
            queued.append((IncidentOutcome(incidentId: incident, service: key.service, actions: decisions.map(\.action)),
                           enqueue(events, for: incident)))
        }
        // Consumed, not copied: a copy kept alive across the waits below would make the next request copy every group.
        self.state = consume state
        var outcome = Outcome()
        var failure: (any Error)?
        for item in queued {
            do {
                for append in item.appends {
                    let result = try await append.task.value
                    if !result.duplicate {
                        outcome.appended += append.events
                        outcome.lastPosition = max(outcome.lastPosition ?? 0, result.lastPosition)
                    }
                }
                outcome.incidents.append(item.incident)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return outcome
    }

    /// The current state, loaded from the log when needed.
    func snapshot() async throws -> CorrelationState {
        let current = try await takeState()
        state = current
        return current
    }

    /// Moves the state out of the property (so it is changed in place, never copied), loading it from the log when
    /// there is none, after the appends in flight have settled; requests arriving meanwhile wait for the same load.
    /// Put it back before the next suspension.
    private func takeState() async throws -> CorrelationState {
        while true {
            if let current = state.take() { return current }
            try await (loading ?? startLoading()).value
        }
    }

    private func startLoading() -> Task<Void, any Error> {
        let inFlight = batches.values.map(\.append)
        let task = Task {
            defer { loading = nil }
            for append in inFlight { _ = try? await append.value }
            state = try CorrelationState.load(from: log, rules: rules)
            catchUp = true
        }
        loading = task
        return task
    }

    /// Adds `events` to the incident's filling batch, starting a batch behind the incident's batch in flight (or
    /// behind a full one, so no append exceeds the log's batch limits) when needed; returns the appends that will
    /// carry them and how many of the events each carries. An append fails without writing when the one before it
    /// failed.
    private func enqueue(_ events: [ProposedEvent], for incident: EntityID) -> [(events: Int, task: Task<AppendResult, any Error>)] {
        var appends: [(ticket: Int, events: Int, task: Task<AppendResult, any Error>)] = []
        for event in events {
            if batches[incident].map({ $0.taken || !$0.hasRoom(for: event, log.limits) }) ?? true { startBatch(for: incident) }
            guard let batch = batches[incident] else { continue }
            filling[batch.ticket, default: []].append(event)
            batches[incident]?.events += 1
            batches[incident]?.bytes += event.data.count
            if appends.last?.ticket == batch.ticket {
                appends[appends.count - 1].events += 1
            } else {
                appends.append((batch.ticket, 1, batch.append))
            }
        }
        return appends.map { ($0.events, $0.task) }
    }

    /// Starts the incident's next batch, whose append waits for the incident's previous one.
    private func startBatch(for incident: EntityID) {
        let previous = batches[incident]?.append
        tickets += 1
        let ticket = tickets
        let task = Task {
            defer {
                filling[ticket] = nil
                if batches[incident]?.ticket == ticket { batches[incident] = nil }
            }
            do {
                if let previous { _ = try await previous.value }
                return try await log.append(to: .incident(incident), events: take(incident, ticket: ticket))
            } catch {
                // Decisions made after these assumed them recorded: decide again from the log.
                state = nil
                throw error
            }
        }
        batches[incident] = Batch(ticket: ticket, append: task)
    }

    /// The events of batch `ticket`, which stops filling.
    private func take(_ incident: EntityID, ticket: Int) -> [ProposedEvent] {
        if batches[incident]?.ticket == ticket { batches[incident]?.taken = true }
        return filling.removeValue(forKey: ticket) ?? []
    }
}

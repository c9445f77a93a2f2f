import OPXEventLog
import OPXEvents
import OPXStorage

/// Runs ingest's writes: for each request, one request at a time and in memory, it drops the events appended
/// before, folds the new signals, decides, and queues the new events and the decisions together as one atomic
/// multi-stream append (see ``AppendQueue``).
///
/// A request's signals and the decisions they call for land in the same atomic append, so no crash can leave
/// one without the other, and every decision comes after the signals it is about. Appends are ordered per
/// correlation group: an append is queued in the log's writer behind the earlier appends of the groups it touches
/// (and refuses to run if one of them failed), and requests about a group decided while its append waits there
/// join that append. So the log sees each group's requests in the order they were decided (a rebuild folds them
/// as the live state did), and a group's next append lands in the commit right after the one before it. A request
/// returns once the append holding its events is durable (one that appends nothing: once the appends holding its
/// events are).
///
/// The state is loaded from the log on first use; loading also records any decision left unrecorded (by a
/// version of opx that appended signals and decisions separately). When an append fails, it and every later one
/// of its groups fail, and the state is dropped and loaded again (once the appends in flight have settled) by the
/// next request, so it never stays ahead of the log.
actor CorrelationEngine {
    private let log: EventLog
    private let rules: DetectionRules
    private var state: CorrelationState?
    /// Set by loading: the next request decides for every group.
    private var catchUp = false
    /// The load in progress, which the requests arriving meanwhile wait for.
    private var loading: Task<Void, any Error>?
    /// The requests' writes, appended in the order queued.
    private var queue = AppendQueue()
    /// Ids of events other than signals in appends not yet durable (the state tracks signals).
    private var pendingIDs: Set<EventID> = []

    init(log: EventLog, rules: DetectionRules) {
        self.log = log
        self.rules = rules
    }

    /// What one request appended.
    struct Outcome: Sendable {
        var appended = 0
        var duplicates = 0
        var lastPosition: UInt64?
        var incidents: [IncidentOutcome] = []
        var waits = IngestWaits()
    }

    /// Appends the items not appended before and the decisions their signals call for, atomically; returns once
    /// they are durable.
    ///
    /// Deciding runs on the engine; the wait for the append does not, so a request whose append is durable resumes
    /// without waiting for the requests being decided.
    /// - Parameter start: When the request was handed to correlation (its ``IngestWaits`` start there).
    /// - Throws: ``IngestError`` (422) when an event of this request does not match its schema; a storage or log
    ///   error, or ``IngestUnavailable`` when the append this request shared failed for another request's events
    ///   (retry: nothing of it was written).
    nonisolated func ingest(_ items: [IngestItem], since start: ContinuousClock.Instant) async throws -> Outcome {
        let (decision, ticket, earlier, events) = try await decide(items)
        var outcome = decision
        let decided = ContinuousClock.now
        outcome.waits.correlation = decided - start
        do {
            for append in earlier { _ = try await append.value }
            var taken = decided, durable = decided
            if let ticket {
                let landed = try await ticket.append.value
                outcome.lastPosition = landed.results[0].firstPosition + UInt64(ticket.offset)
                taken = max(landed.taken, decided)
                durable = max(landed.landed, taken)
            }
            let resumed = ContinuousClock.now
            outcome.waits.order = taken - decided
            outcome.waits.commit = durable - taken
            outcome.waits.resume = resumed - durable
        } catch {
            throw ownFault(of: events, in: error)
        }
        return outcome
    }

    /// Decides a request: drops the items appended before, folds the new signals, and queues the new events and
    /// the decisions they call for. Returns what the request must wait for: its append, and the appends holding
    /// the events it re-sent.
    private func decide(_ items: [IngestItem]) async throws -> (Outcome, AppendQueue.Ticket?, [Task<AppendQueue.Landed, any Error>], [ProposedEvent]) {
        var state = try await takeState()
        var outcome = Outcome()
        var seen = Set<EventID>(minimumCapacity: items.count)
        var unknown: [IngestItem] = []
        // Appended before, perhaps not durable yet: the groups of such signals; other events may be in any append.
        var knownGroups: Set<GroupKey> = []
        var knownElsewhere = false
        for item in items {
            if let signal = item.signal, let group = state.group(of: signal.signalId) {
                knownGroups.insert(group)
            } else if item.signal == nil, pendingIDs.contains(item.event.id) {
                knownElsewhere = true
            } else if seen.insert(item.event.id).inserted {
                unknown.append(item)
                continue
            }
            outcome.duplicates += 1
        }
        let fresh = try unappended(unknown)
        outcome.duplicates += unknown.count - fresh.count
        var touched: Set<GroupKey> = catchUp ? Set(state.groups.keys) : []
        catchUp = false
        var events: [(stream: StreamID, event: ProposedEvent)] = []
        for item in fresh {
            if let signal = item.signal {
                if let key = state.apply(signal) { touched.insert(key) }
            } else {
                pendingIDs.insert(item.event.id)
            }
            events.append((item.stream, item.event))
        }
        for key in touched.sorted() {
            // Read through the dictionary, never into a local copy: a copy alive while `apply` below changes the
            // group would make it copy all the group's alerts.
            guard let incident = state.groups[key]?.incidentId,
                  let decisions = state.groups[key].map({ Decider.decisions(for: $0, rules: rules) }), !decisions.isEmpty else { continue }
            for decision in decisions {
                let ordinal = state.groups[key].map { Decider.ordinal(of: decision, in: $0) } ?? ""
                events.append((.incident(incident), decision.proposedEvent(ordinal: ordinal, window: Decider.window(key, rules).start)))
                state.apply(decision)
            }
            outcome.incidents.append(IncidentOutcome(incidentId: incident, service: key.service, actions: decisions.map(\.action)))
        }
        let proposed = events.map(\.event)
        // Checked here, not by the writer: the log's writer cannot read the schemas stream mid-transaction. The state
        // already holds this request's signals and decisions, so it is dropped (loaded again by the next request).
        do { try log.validate(proposed) } catch {
            for event in proposed { pendingIDs.remove(event.id) }
            throw IngestError(status: 422, "an event built from this payload does not match its schema: \(error)")
        }
        // Consumed, not copied: a copy kept alive across the waits below would make the next request copy every group.
        self.state = consume state
        let earlier = knownElsewhere ? queue.unfinished : queue.latest(of: knownGroups)
        let ticket = try queue.add(events, groups: touched, limits: log.limits) { number, filling, previous in
            try startAppend(number, filling, after: previous)
        }
        outcome.appended = events.count
        return (outcome, ticket, earlier, proposed)
    }

    /// The items whose events the log does not hold, in order: one read transaction for all of them (not one per
    /// event), and no record read unless the event is there.
    private func unappended(_ items: [IngestItem]) throws -> [IngestItem] {
        guard !items.isEmpty else { return [] }
        return try log.environment.read { txn in
            var fresh: [IngestItem] = []
            fresh.reserveCapacity(items.count)
            for item in items where try log.event(id: item.event.id, in: txn) == nil { fresh.append(item) }
            return fresh
        }
    }

    /// The current state, loaded from the log when needed.
    func snapshot() async throws -> CorrelationState {
        let current = try await takeState()
        state = current
        return current
    }

    /// Queues append `number` in the log's writer, where it takes `filling`'s batches when it runs (refusing to run
    /// when an append it comes after failed), and starts the task that waits for it.
    private func startAppend(_ number: Int, _ filling: FillingAppend, after previous: [PendingAppend]) throws -> AppendQueue.Started {
        let write = try log.enqueueAppend(weight: filling.weight) {
            let batches = filling.take()
            if previous.contains(where: \.failed) {
                throw IngestUnavailable("an earlier append of the same incidents failed; nothing of this request was written: retry")
            }
            return batches
        }
        return AppendQueue.Started(filling: filling, write: write, task: Task { try await self.land(number, filling, write) })
    }

    /// Waits for append `number` to be durable, then forgets it.
    private func land(_ number: Int, _ filling: FillingAppend, _ write: PendingAppend) async throws -> AppendQueue.Landed {
        defer {
            for batch in filling.take() { for event in batch.events { pendingIDs.remove(event.id) } }
            queue.finish(number)
        }
        do {
            let results = try await write.results()
            return AppendQueue.Landed(results: results, taken: filling.taken ?? .now, landed: .now)
        } catch {
            // Decisions made after these assumed them recorded: decide again from the log.
            state = nil
            throw error
        }
    }

    /// The error to answer a request whose shared append failed: its own schema failure when one of its events
    /// is invalid, a retryable ``IngestUnavailable`` when the append failed for another request's events.
    private nonisolated func ownFault(of events: [ProposedEvent], in error: any Error) -> any Error {
        guard error is CatalogueError || error is EventLogError else { return error }
        if let registry = log.registry {
            do { try registry.validate(events) } catch {
                return IngestError(status: 422, "an event built from this payload does not match its schema: \(error)")
            }
        }
        return IngestUnavailable("the append this request shared with others failed (\(error)); nothing of it was written: retry")
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
        let inFlight = queue.unfinished
        let task = Task {
            defer { loading = nil }
            for append in inFlight { _ = try? await append.value }
            state = try CorrelationState.load(from: log, rules: rules)
            catchUp = true
        }
        loading = task
        return task
    }
}

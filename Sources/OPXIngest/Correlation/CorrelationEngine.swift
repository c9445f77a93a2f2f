import OPXEventLog
import OPXEvents

/// Runs correlation: folds each request's signals and decides at once (in memory, one request at a time), then
/// appends the decisions of each incident in order behind that incident's earlier appends. Requests whose signals
/// call for no decision return without waiting for anyone; decisions about different incidents are appended
/// concurrently, so the log commits them together.
///
/// The state is loaded from the log on first use; loading also records any decision a crash left unrecorded
/// (a signal appended, its decisions not yet). When an append fails, it and every later append for the same
/// incident fail, and the state is dropped and loaded again on the next request, so it never stays ahead of the
/// log.
actor CorrelationEngine {
    private let log: EventLog
    private let rules: DetectionRules
    private var state: CorrelationState?
    /// The last append queued for each incident, which the next one waits for.
    private var tails: [EntityID: (ticket: Int, task: Task<AppendResult, any Error>)] = [:]
    private var tickets = 0

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
        var touched: Set<GroupKey> = []
        if state == nil {
            state = try CorrelationState.load(from: log, rules: rules)
            touched = Set(state!.groups.keys)
        }
        for signal in signals {
            if let key = state!.apply(signal) { touched.insert(key) }
        }
        var queued: [(incident: IncidentOutcome, events: Int, ticket: Int, task: Task<AppendResult, any Error>)] = []
        for key in touched.sorted() {
            let group = state!.groups[key]!
            let decisions = Decider.decisions(for: group, rules: rules)
            guard !decisions.isEmpty else { continue }
            var events: [ProposedEvent] = []
            for decision in decisions {
                events.append(try decision.proposedEvent(ordinal: Decider.ordinal(of: decision, in: state!.groups[key]!)))
                state!.apply(decision)
            }
            let (ticket, task) = enqueue(events, for: group.incidentId)
            queued.append((IncidentOutcome(incidentId: group.incidentId, service: key.service, actions: decisions.map(\.action)),
                           events.count, ticket, task))
        }
        var outcome = Outcome()
        var failure: (any Error)?
        for item in queued {
            do {
                let result = try await item.task.value
                if !result.duplicate {
                    outcome.appended += item.events
                    outcome.lastPosition = max(outcome.lastPosition ?? 0, result.lastPosition)
                }
                outcome.incidents.append(item.incident)
            } catch {
                state = nil
                failure = failure ?? error
            }
            if tails[item.incident.incidentId]?.ticket == item.ticket { tails[item.incident.incidentId] = nil }
        }
        if let failure { throw failure }
        return outcome
    }

    /// The current state, loaded from the log when needed.
    func snapshot() throws -> CorrelationState {
        if state == nil { state = try CorrelationState.load(from: log, rules: rules) }
        return state!
    }

    /// Queues an append of `events` to the incident's stream behind the incident's previous append; it fails
    /// without writing when that one failed.
    private func enqueue(_ events: [ProposedEvent], for incident: EntityID) -> (Int, Task<AppendResult, any Error>) {
        let previous = tails[incident]?.task
        let log = self.log
        let task = Task {
            if let previous { _ = try await previous.value }
            return try await log.append(to: .incident(incident), events: events)
        }
        tickets += 1
        tails[incident] = (tickets, task)
        return (tickets, task)
    }
}

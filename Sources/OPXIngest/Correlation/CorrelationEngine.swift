import OPXEventLog
import OPXEvents

/// Runs correlation in rounds: every request that arrives while a round is appending waits for the next round,
/// which folds all their signals at once, decides, and appends each incident's decisions concurrently (so the
/// log commits them together). Rounds never overlap, so an incident's decisions are recorded in order.
///
/// The state is loaded from the log on first use; loading also records any decision a crash left unrecorded
/// (a signal appended, its decisions not yet). When an append fails the state is dropped and loaded again on the
/// next round, so it never disagrees with the log.
actor CorrelationEngine {
    private let log: EventLog
    private let rules: DetectionRules
    private var state: CorrelationState?
    private var pending: [(signals: [SignalIngested], reply: CheckedContinuation<Outcome, any Error>)] = []
    private var running = false

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
        try await withCheckedThrowingContinuation { reply in
            pending.append((signals, reply))
            if !running {
                running = true
                Task { await drain() }
            }
        }
    }

    /// The current state, loaded from the log when needed.
    func snapshot() throws -> CorrelationState {
        if state == nil { state = try CorrelationState.load(from: log, rules: rules) }
        return state!
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                let outcomes = try await round(batch.map(\.signals))
                for (request, outcome) in zip(batch, outcomes) { request.reply.resume(returning: outcome) }
            } catch {
                state = nil
                for request in batch { request.reply.resume(throwing: error) }
            }
        }
        running = false
    }

    /// One round: folds every request's signals, then records the decisions of every group they touched.
    private func round(_ requests: [[SignalIngested]]) async throws -> [Outcome] {
        var touchedBy: [GroupKey: [Int]] = [:]
        if state == nil {
            state = try CorrelationState.load(from: log, rules: rules)
            for key in state!.groups.keys { touchedBy[key] = [0] }
        }
        for (index, signals) in requests.enumerated() {
            for signal in signals {
                if let key = state!.apply(signal), touchedBy[key]?.last != index { touchedBy[key, default: []].append(index) }
            }
        }
        var work: [(key: GroupKey, decisions: [Decision], events: [ProposedEvent])] = []
        for key in touchedBy.keys.sorted() {
            guard let group = state!.groups[key] else { continue }
            let decisions = Decider.decisions(for: group, rules: rules)
            guard !decisions.isEmpty else { continue }
            var counted = group
            var events: [ProposedEvent] = []
            for decision in decisions {
                events.append(try decision.proposedEvent(ordinal: Decider.ordinal(of: decision, in: counted)))
                counted.count(decision)
            }
            work.append((key, decisions, events))
        }
        let log = self.log
        let results = try await withThrowingTaskGroup(of: (Int, AppendResult).self) { tasks in
            for (index, item) in work.enumerated() {
                let stream = StreamID.incident(state!.groups[item.key]!.incidentId), events = item.events
                tasks.addTask { (index, try await log.append(to: stream, events: events)) }
            }
            var results: [Int: AppendResult] = [:]
            for try await (index, result) in tasks { results[index] = result }
            return results
        }
        var outcomes = Array(repeating: Outcome(), count: requests.count)
        for (index, item) in work.enumerated() {
            for decision in item.decisions { state!.apply(decision) }
            let result = results[index]!
            let group = state!.groups[item.key]!
            let incident = IncidentOutcome(incidentId: group.incidentId, service: item.key.service,
                                           actions: item.decisions.map(\.action))
            for (position, request) in touchedBy[item.key]!.enumerated() where request < requests.count {
                if position == 0, !result.duplicate {
                    outcomes[request].appended += item.events.count
                    outcomes[request].lastPosition = max(outcomes[request].lastPosition ?? 0, result.lastPosition)
                }
                outcomes[request].incidents.append(incident)
            }
        }
        return outcomes
    }
}

extension CorrelationGroup {
    /// Counts an opening or resolution about to be recorded, so the next decision in the same batch gets the next
    /// ordinal.
    mutating func count(_ decision: Decision) {
        switch decision {
        case .opened: opens += 1
        case .resolved: resolutions += 1
        default: break
        }
    }
}

import OPXEventLog
import OPXEvents

/// Runs correlation one request at a time: folds new signals, decides, and appends the decisions to the
/// incidents' streams.
///
/// The state is loaded from the log on first use; loading also records any decision a crash left unrecorded
/// (a signal appended, its decisions not yet). After an append whose outcome is unknown the state is dropped and
/// loaded again, so it never disagrees with the log.
actor CorrelationEngine {
    private let log: EventLog
    private let rules: DetectionRules
    private var state: CorrelationState?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(log: EventLog, rules: DetectionRules) {
        self.log = log
        self.rules = rules
    }

    /// What correlating a batch of signals appended.
    struct Outcome: Sendable {
        var appended = 0
        var lastPosition: UInt64?
        var incidents: [IncidentOutcome] = []
    }

    /// Folds `signals` (those seen before are skipped) and records the decisions they call for.
    func correlate(_ signals: [SignalIngested]) async throws -> Outcome {
        await acquire()
        defer { release() }
        var outcome = Outcome()
        var touched: Set<GroupKey> = []
        if state == nil {
            var loaded = try CorrelationState.load(from: log, rules: rules)
            touched = Set(loaded.groups.keys)
            for signal in signals { if let key = loaded.apply(signal) { touched.insert(key) } }
            state = loaded
        } else {
            for signal in signals { if let key = state!.apply(signal) { touched.insert(key) } }
        }
        for key in touched.sorted() {
            try await record(key, into: &outcome)
        }
        return outcome
    }

    /// The current state, loaded from the log when needed.
    func snapshot() async throws -> CorrelationState {
        await acquire()
        defer { release() }
        if state == nil { state = try CorrelationState.load(from: log, rules: rules) }
        return state!
    }

    private func record(_ key: GroupKey, into outcome: inout Outcome) async throws {
        guard let group = state?.groups[key] else { return }
        let decisions = Decider.decisions(for: group, rules: rules)
        guard !decisions.isEmpty else { return }
        var ordinalGroup = group
        var events: [ProposedEvent] = []
        for decision in decisions {
            events.append(try decision.proposedEvent(ordinal: Decider.ordinal(of: decision, in: ordinalGroup)))
            ordinalGroup.count(decision)
        }
        let result: AppendResult
        do {
            result = try await log.append(to: .incident(group.incidentId), events: events)
        } catch {
            state = nil
            throw error
        }
        for decision in decisions { state!.apply(decision) }
        if !result.duplicate {
            outcome.appended += events.count
            outcome.lastPosition = max(outcome.lastPosition ?? 0, result.lastPosition)
        }
        outcome.incidents.append(IncidentOutcome(incidentId: group.incidentId, service: key.service,
                                                 actions: decisions.map(\.action)))
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
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

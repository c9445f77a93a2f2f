import OPXEventLog
import OPXEvents

/// The correlation state: the signal groups still in play and the decisions recorded for them, folded from the log.
///
/// It is a pure fold of `signal.ingested` events and the five decision event types, so loading it from the log
/// after a restart gives the state the live process had.
///
/// Memory is bounded by the retention horizon: once the latest window seen is more than
/// ``DetectionRules/retainWindows`` windows past a group's, the group is dropped when it is closed (its incident
/// resolved, or it never met a rule). A later signal of a dropped or never-seen group that far back is late: it
/// stays in the log but is not correlated. Both depend only on the signals and decisions folded, in their order.
struct CorrelationState: Sendable {
    /// The rules (the window width and severity map shape the groups).
    let rules: DetectionRules
    /// The groups.
    private(set) var groups: [GroupKey: CorrelationGroup] = [:]
    /// The group of each incident opened by correlation.
    private var byIncident: [EntityID: GroupKey] = [:]
    /// The groups each source-qualified fingerprint appears in, in order of first appearance.
    private var fingerprintGroups = ShardedDictionary<String, [GroupKey]>()
    /// The group of every signal folded into a group still held.
    private var signalGroups = ShardedDictionary<EntityID, GroupKey>()
    /// The latest window of any signal folded.
    private var latestWindow: Int64?

    init(rules: DetectionRules) {
        self.rules = rules
    }

    /// Folds a signal; returns its group, or `nil` when the signal was folded before or is late.
    ///
    /// Groups are changed in place (never copied out and back), so folding costs the same in a large group.
    @discardableResult
    mutating func apply(_ signal: SignalIngested) -> GroupKey? {
        guard signalGroups[signal.signalId] == nil else { return nil }
        let fingerprint = signal.source + "\u{0}" + signal.fingerprint
        let key = groupKey(of: signal, fingerprint: fingerprint)
        let isNew = groups[key] == nil
        if isNew, isBehindHorizon(key.window) { return nil }
        let severity = rules.severity(of: signal.severity)
        if groups[key, default: CorrelationGroup(key: key)].fold(signal, fingerprint: fingerprint, severity: severity) {
            fingerprintGroups[fingerprint, default: []].append(key)
        }
        if isNew, let incident = groups[key]?.incidentId { byIncident[incident] = key }
        signalGroups[signal.signalId] = key
        if key.window > latestWindow ?? .min {
            latestWindow = key.window
            expireClosedGroups()
        }
        return key
    }

    /// The group still held that the signal `id` was folded into (so it is in the log, or on its way there).
    func group(of id: EntityID) -> GroupKey? {
        signalGroups[id]
    }

    /// Folds a recorded decision; decisions about incidents correlation did not open (or has dropped) are ignored.
    mutating func apply(_ decision: Decision) {
        guard let incident = decision.incidentId, let key = byIncident[incident], groups[key] != nil else { return }
        groups[key]?.record(decision)
        if let group = groups[key], isExpired(group) { drop(group) }
    }

    /// Whether `window` is more than the retention horizon behind the latest window seen.
    private func isBehindHorizon(_ window: Int64) -> Bool {
        guard let latestWindow else { return false }
        return window < latestWindow - Int64(rules.retainWindows)
    }

    /// Whether `group` is behind the horizon and closed: its incident resolved, or no rule met and none about to be.
    private func isExpired(_ group: CorrelationGroup) -> Bool {
        guard isBehindHorizon(group.key.window) else { return false }
        switch group.status {
        case .resolved: return true
        case nil: return !rules.rules.contains { $0.matches(group) }
        default: return false
        }
    }

    private mutating func expireClosedGroups() {
        for group in groups.values where isExpired(group) { drop(group) }
    }

    private mutating func drop(_ group: CorrelationGroup) {
        groups[group.key] = nil
        byIncident[group.incidentId] = nil
        for signal in group.signals.keys { signalGroups[signal] = nil }
        for fingerprint in group.alerts.keys {
            fingerprintGroups[fingerprint]?.removeAll { $0 == group.key }
            if fingerprintGroups[fingerprint]?.isEmpty == true { fingerprintGroups[fingerprint] = nil }
        }
    }

    /// The group a signal belongs to: its service and the window of its own start time. A resolution or an
    /// acknowledgement of an alert already seen joins the group holding the alert (the one of its window when there
    /// is one, else the latest), because such signals often carry no start time of their own.
    private func groupKey(of signal: SignalIngested, fingerprint: String) -> GroupKey {
        let width = Int64(rules.windowSeconds) * 1_000_000_000
        let window = signal.startsAt.nanoseconds >= 0
            ? signal.startsAt.nanoseconds / width : (signal.startsAt.nanoseconds + 1) / width - 1
        let own = GroupKey(service: signal.service ?? rules.unknownService, window: window)
        guard signal.status != .firing, let known = fingerprintGroups[fingerprint], let latest = known.last else { return own }
        return known.contains(own) ? own : latest
    }

    /// Groups that have not met a rule and still have an alert that is not resolved, oldest window first.
    var candidates: [CorrelationGroup] {
        groups.values.filter { $0.status == nil && !$0.allResolved }.sorted { $0.key < $1.key }
    }

    /// Groups that opened an incident, oldest window first.
    var incidents: [CorrelationGroup] {
        groups.values.filter { $0.status != nil }.sorted { $0.key < $1.key }
    }

    /// Folds every signal and decision in `log`.
    static func load(from log: EventLog, rules: DetectionRules) throws -> CorrelationState {
        var state = CorrelationState(rules: rules)
        let signalType = Array(SignalIngested.eventType.rawValue.utf8)
        let decisionTypes = Decision.eventTypes.map { Array($0.rawValue.utf8) }
        try log.scan { fields, _ in
            if fields.type.elementsEqual(signalType) {
                state.apply(try SignalIngested(jsonPayload: try JSONParser.parse(fields.data)))
            } else if decisionTypes.contains(where: { fields.type.elementsEqual($0) }),
                      let decision = try Decision(type: String(decoding: fields.type, as: UTF8.self), version: fields.schemaVersion,
                                                  payload: try JSONParser.parse(fields.data)) {
                state.apply(decision)
            }
            return true
        }
        return state
    }
}

import OPXEventLog
import OPXEvents

/// The correlation state: every signal group and the decisions recorded for it, folded from the log.
///
/// It is a pure fold of `signal.ingested` events and the five decision event types, so loading it from the log
/// after a restart gives the state the live process had.
struct CorrelationState: Sendable {
    /// The rules (the window width and severity map shape the groups).
    let rules: DetectionRules
    /// The groups.
    private(set) var groups: [GroupKey: CorrelationGroup] = [:]
    /// The group of each incident opened by correlation.
    private var byIncident: [EntityID: GroupKey] = [:]
    /// The groups each source-qualified fingerprint appears in, in order of first appearance.
    private var fingerprintGroups: [String: [GroupKey]] = [:]
    /// The source-qualified fingerprint of every signal folded.
    private var signalFingerprints: [EntityID: String] = [:]

    init(rules: DetectionRules) {
        self.rules = rules
    }

    /// Folds a signal; returns its group, or `nil` when the signal was folded before.
    @discardableResult
    mutating func apply(_ signal: SignalIngested) -> GroupKey? {
        let fingerprint = signal.source + "\u{0}" + signal.fingerprint
        guard signalFingerprints.updateValue(fingerprint, forKey: signal.signalId) == nil else { return nil }
        let key = groupKey(of: signal, fingerprint: fingerprint)
        let severity = rules.severity(of: signal.severity)
        var group = groups[key] ?? CorrelationGroup(key: key)
        if group.alerts[fingerprint] == nil {
            group.alerts[fingerprint] = AlertState(
                status: signal.status, at: AlertState.stateTime(of: signal), startsAt: signal.startsAt, severity: severity,
                name: signal.name, firstSignal: signal.signalId, fingerprint: signal.fingerprint)
            fingerprintGroups[fingerprint, default: []].append(key)
        } else {
            group.alerts[fingerprint]!.merge(signal, severity: severity)
        }
        if groups[key] == nil { byIncident[group.incidentId] = key }
        groups[key] = group
        return key
    }

    /// Folds a recorded decision; decisions about incidents correlation did not open are ignored.
    mutating func apply(_ decision: Decision) {
        guard let incident = decision.incidentId, let key = byIncident[incident], var group = groups[key] else { return }
        switch decision {
        case .detected:
            group.detected = true
        case .opened(let opened):
            group.status = .open
            group.opens += 1
            group.severity = opened.severity
            for signal in opened.signalIds ?? [] {
                if let fingerprint = signalFingerprints[signal] { group.included.insert(fingerprint) }
            }
        case .attached(let attached):
            if let fingerprint = signalFingerprints[attached.signalId] { group.included.insert(fingerprint) }
        case .severityChanged(let changed):
            group.severity = changed.to
        case .resolved:
            group.status = .resolved
            group.resolutions += 1
        }
        groups[key] = group
    }

    /// The group a signal belongs to: its service and the window of its own start time. A resolution or an
    /// acknowledgement of an alert already seen joins the group holding the alert (the one of its window when there
    /// is one, else the latest), because such signals often carry no start time of their own.
    private func groupKey(of signal: SignalIngested, fingerprint: String) -> GroupKey {
        let width = Int64(rules.windowSeconds) * 1_000_000_000
        let window = signal.startsAt.nanoseconds >= 0
            ? signal.startsAt.nanoseconds / width : (signal.startsAt.nanoseconds + 1) / width - 1
        let own = GroupKey(service: signal.service ?? rules.unknownService, window: window)
        guard signal.status != .firing, let known = fingerprintGroups[fingerprint], !known.isEmpty else { return own }
        return known.contains(own) ? own : known.last!
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
                      let decision = try Decision(type: String(decoding: fields.type, as: UTF8.self),
                                                  payload: try JSONParser.parse(fields.data)) {
                state.apply(decision)
            }
            return true
        }
        return state
    }
}

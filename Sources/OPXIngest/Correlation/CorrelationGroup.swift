import OPXEvents

/// Where a signal belongs: one service in one correlation window (windows are aligned to the Unix epoch).
struct GroupKey: Hashable, Comparable, Sendable {
    /// The service, or the configured unknown service.
    var service: String
    /// The window's index: the signal's own start time divided by the window width.
    var window: Int64

    static func < (a: GroupKey, b: GroupKey) -> Bool { (a.window, a.service) < (b.window, b.service) }
}

/// The latest known state of one distinct alert (fingerprint) in a group.
struct AlertState: Sendable {
    /// The latest status by the signals' own times (a resolution wins a tie).
    var status: SignalIngested.Status
    /// The time of that status: the start for firing signals, the end (else the start) for resolved ones.
    var at: Timestamp
    /// The earliest start seen.
    var startsAt: Timestamp
    /// The most severe severity seen.
    var severity: Severity
    /// The alert's name.
    var name: String
    /// The first signal of this alert seen in the group (the one an incident lists).
    var firstSignal: EntityID
    /// The fingerprint as the source sent it.
    var fingerprint: String

    /// The time a signal's status refers to.
    static func stateTime(of signal: SignalIngested) -> Timestamp {
        signal.status == .resolved ? signal.endsAt ?? signal.startsAt : signal.startsAt
    }

    /// Folds a later-arriving signal of the same alert; the result does not depend on arrival order.
    mutating func merge(_ signal: SignalIngested, severity: Severity) {
        let time = Self.stateTime(of: signal)
        if time > at || (time == at && Self.rank(signal.status) > Self.rank(status)) {
            status = signal.status
            at = time
        }
        if signal.startsAt < startsAt || (signal.startsAt == startsAt && signal.signalId < firstSignal) {
            startsAt = signal.startsAt
            firstSignal = signal.signalId
            name = signal.name
        }
        self.severity = min(self.severity, severity)
    }

    private static func rank(_ status: SignalIngested.Status) -> Int {
        switch status {
        case .firing: 0
        case .acknowledged: 1
        case .resolved: 2
        }
    }
}

/// A group of signals and the correlation decisions already recorded for it.
///
/// It keeps counts beside the alerts (per severity, unresolved, not yet recorded in the incident), so deciding
/// after a signal costs the same in a group of five alerts as in one of fifty thousand.
struct CorrelationGroup: Sendable {
    /// The group.
    let key: GroupKey
    /// The incident this group opens: derived from the key, so every rebuild and every arrival order agree.
    let incidentId: EntityID
    /// The distinct alerts, by source-qualified fingerprint.
    private(set) var alerts = ShardedDictionary<String, AlertState>()
    /// The source-qualified fingerprint of every signal folded into the group.
    private(set) var signals = ShardedDictionary<EntityID, String>()
    /// The alerts not recorded as part of the incident yet (every alert before it opens).
    private(set) var unrecorded: Set<String> = []
    /// How many alerts are not resolved.
    private var unresolved = 0
    /// How many alerts have each severity.
    private var severityCounts: [Severity: Int] = [:]

    /// Whether a `detection.fired` was recorded.
    var detected = false
    /// The incident's status as recorded: `nil` before it is opened.
    var status: IncidentStatus?
    /// The incident's severity as recorded.
    var severity: Severity?
    /// How many times `incident.opened` and `incident.resolved` were recorded (reopening counts again).
    var opens = 0
    var resolutions = 0

    init(key: GroupKey) {
        self.key = key
        incidentId = EntityID(IdempotencyKey.entityID("opx-incident", key.service, String(key.window)))
    }

    /// Folds a signal of the alert `fingerprint` whose severity word maps to `severity`; returns whether the alert
    /// is new to the group.
    @discardableResult
    mutating func fold(_ signal: SignalIngested, fingerprint: String, severity: Severity) -> Bool {
        signals[signal.signalId] = fingerprint
        if let alert = alerts[fingerprint] {
            count(alert, -1)
            alerts[fingerprint]?.merge(signal, severity: severity)
            count(alerts[fingerprint] ?? alert, 1)
            return false
        }
        let alert = AlertState(status: signal.status, at: AlertState.stateTime(of: signal), startsAt: signal.startsAt,
                               severity: severity, name: signal.name, firstSignal: signal.signalId,
                               fingerprint: signal.fingerprint)
        count(alert, 1)
        alerts[fingerprint] = alert
        unrecorded.insert(fingerprint)
        return true
    }

    /// Folds a recorded decision about this group's incident.
    mutating func record(_ decision: Decision) {
        switch decision {
        case .detected:
            detected = true
        case .opened(let opened):
            status = .open
            opens += 1
            severity = opened.severity
            recordAlerts(of: opened.signalIds ?? [])
        case .attached(let attached):
            recordAlerts(of: attached.signalIds)
        case .severityChanged(let changed):
            severity = changed.to
        case .resolved:
            status = .resolved
            resolutions += 1
        }
    }

    /// Marks the alerts of `signals` as recorded in the incident.
    private mutating func recordAlerts(of signals: [EntityID]) {
        for signal in signals {
            if let fingerprint = self.signals[signal] { unrecorded.remove(fingerprint) }
        }
    }

    /// The most severe alert's severity.
    var alertSeverity: Severity {
        Severity.allCases.first { severityCounts[$0, default: 0] > 0 } ?? .sev4
    }

    /// How many alerts are at least as severe as `severity` (all of them for `nil`).
    func alertCount(atLeast severity: Severity?) -> Int {
        guard let severity else { return alerts.count }
        return severityCounts.reduce(0) { $1.key <= severity ? $0 + $1.value : $0 }
    }

    /// Whether every alert's latest status is resolved.
    var allResolved: Bool { unresolved == 0 }

    private mutating func count(_ alert: AlertState, _ delta: Int) {
        severityCounts[alert.severity, default: 0] += delta
        if alert.status != .resolved { unresolved += delta }
    }
}

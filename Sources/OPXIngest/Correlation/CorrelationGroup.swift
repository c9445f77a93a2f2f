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
struct CorrelationGroup: Sendable {
    /// The group.
    let key: GroupKey
    /// The incident this group opens: derived from the key, so every rebuild and every arrival order agree.
    let incidentId: EntityID
    /// The distinct alerts, by source-qualified fingerprint.
    var alerts: [String: AlertState] = [:]

    /// Whether a `detection.fired` was recorded.
    var detected = false
    /// The incident's status as recorded: `nil` before it is opened.
    var status: IncidentStatus?
    /// The incident's severity as recorded.
    var severity: Severity?
    /// How many times `incident.opened` and `incident.resolved` were recorded (reopening counts again).
    var opens = 0
    var resolutions = 0
    /// The alerts recorded as part of the incident.
    var included: Set<String> = []

    init(key: GroupKey) {
        self.key = key
        incidentId = EntityID(IdempotencyKey.eventID("opx-incident", key.service, String(key.window)))
    }

    /// The most severe alert's severity.
    var alertSeverity: Severity { alerts.values.map(\.severity).min() ?? .sev4 }

    /// Whether every alert's latest status is resolved.
    var allResolved: Bool { alerts.values.allSatisfy { $0.status == .resolved } }
}

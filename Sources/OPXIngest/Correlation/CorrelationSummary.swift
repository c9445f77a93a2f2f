package import OPXEvents

/// What correlation knows, for `opx candidates` and incident listings: groups still below every rule, and groups
/// that opened incidents.
package struct CorrelationSummary: Sendable {
    /// One group of signals: a service in a window.
    package struct Group: Sendable, Hashable {
        /// The service.
        package var service: String
        /// The window's bounds.
        package var windowStart: Timestamp
        package var windowEnd: Timestamp
        /// The distinct alerts and how many are not resolved.
        package var alerts: Int
        package var active: Int
        /// The incident's recorded severity; for candidates, the most severe alert's.
        package var severity: Severity
        /// The alerts' names, sorted, unique.
        package var names: [String]
        /// The incident the group opened, or would open when a rule matches.
        package var incidentId: EntityID
        /// The incident's recorded status, `nil` for candidates.
        package var status: IncidentStatus?
    }

    /// Groups that have not met a rule and still have an unresolved alert, oldest first.
    package var candidates: [Group]
    /// Groups that opened incidents, oldest first.
    package var incidents: [Group]

    init(_ state: CorrelationState) {
        let width = Int64(state.rules.windowSeconds) * 1_000_000_000
        func row(_ group: CorrelationGroup) -> Group {
            Group(service: group.key.service, windowStart: Timestamp(nanoseconds: group.key.window * width),
                  windowEnd: Timestamp(nanoseconds: (group.key.window + 1) * width), alerts: group.alerts.count,
                  active: group.alerts.values.filter { $0.status != .resolved }.count, severity: group.severity ?? group.alertSeverity,
                  names: Array(Set(group.alerts.values.map(\.name))).sorted(), incidentId: group.incidentId,
                  status: group.status)
        }
        candidates = state.candidates.map(row)
        incidents = state.incidents.map(row)
    }
}

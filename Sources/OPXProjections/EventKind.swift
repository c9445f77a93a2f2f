/// The event types the built-in folds tell apart, as a one-byte code resolved once per event
/// (``ProjectionEvent/kind``).
///
/// A fold's `switch` over a kind is a jump; a `switch` over the type's `String` compared it with each
/// case's name in turn (up to 13 comparisons, several switches per event in every fold).
package enum EventKind: UInt8, Sendable, CaseIterable {
    case investigationStarted, agentInvoked, agentOutputRecorded, agentFailed, validationRecorded
    case guardrailViolation, usageRecorded, consensusReached, recommendationReviewed
    case investigationCompleted, investigationFailed, investigationResumed, budgetThresholdCrossed
    case incidentOpened, incidentSignalAttached, incidentSeverityChanged, incidentMitigated, incidentResolved
    case signalIngested, traceSpanRecorded
    /// A type no built-in fold tells apart by kind (compare ``ProjectionEvent/type`` for those).
    case other

    /// The kind of events of type `name` (the wire name, such as `agent.invoked`).
    package init(_ name: String) { self = Self.byName[name] ?? .other }

    /// The wire name of the type, `nil` for ``other``.
    package var name: String? {
        switch self {
        case .investigationStarted: "investigation.started"
        case .agentInvoked: "agent.invoked"
        case .agentOutputRecorded: "agent.output-recorded"
        case .agentFailed: "agent.failed"
        case .validationRecorded: "validation.recorded"
        case .guardrailViolation: "guardrail.violation"
        case .usageRecorded: "usage.recorded"
        case .consensusReached: "consensus.reached"
        case .recommendationReviewed: "recommendation.reviewed"
        case .investigationCompleted: "investigation.completed"
        case .investigationFailed: "investigation.failed"
        case .investigationResumed: "investigation.resumed"
        case .budgetThresholdCrossed: "budget.threshold-crossed"
        case .incidentOpened: "incident.opened"
        case .incidentSignalAttached: "incident.signal-attached"
        case .incidentSeverityChanged: "incident.severity-changed"
        case .incidentMitigated: "incident.mitigated"
        case .incidentResolved: "incident.resolved"
        case .signalIngested: "signal.ingested"
        case .traceSpanRecorded: "trace.span-recorded"
        case .other: nil
        }
    }

    private static let byName: [String: EventKind] = Dictionary(
        uniqueKeysWithValues: allCases.compactMap { kind in kind.name.map { ($0, kind) } })
}

/// The status of an investigation, as projections derive it from the investigation's events.
///
/// `investigation.started` makes it ``running``; `investigation.completed` makes it ``completed`` or ``degraded``
/// (its `status` field); `investigation.failed` makes it ``failed``.
package enum InvestigationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Agents are running, or it was interrupted and can be resumed.
    case running
    /// Finished with a consensus from every agent.
    case completed
    /// Finished with a consensus although some agents failed.
    case degraded
    /// Stopped without a consensus (fail closed).
    case failed
}

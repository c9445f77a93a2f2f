/// The status of an incident, as projections derive it from the incident's events.
///
/// `incident.opened` makes it ``open``, `incident.mitigated` ``mitigated``, and `incident.resolved` ``resolved``.
package enum IncidentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Open and under investigation.
    case open
    /// The impact stopped; the incident stays under watch.
    case mitigated
    /// Over.
    case resolved
}

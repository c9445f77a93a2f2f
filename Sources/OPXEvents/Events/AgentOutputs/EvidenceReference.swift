/// One piece of evidence an agent output cites: what kind of thing, which one, and where exactly.
///
/// `id` is local to the document (findings and recommendations cite it); `ref` names the real thing: a signal,
/// change, or incident UUID, a runbook file, a service for dependency evidence. `citation` points inside it, such as
/// `runbooks/checkout.md#rollback`.
package struct EvidenceReference: Sendable, Hashable, Codable {
    /// The evidence's id within the document, such as `E1`.
    package var id: String
    /// What kind of thing it is.
    package var kind: Kind
    /// Which one: an entity UUID, a file path, a service name.
    package var ref: String
    /// Where inside it, such as `file#section`.
    package var citation: String?
    /// What it shows.
    package var summary: String?
    /// When it was observed.
    package var observedAt: Timestamp?

    /// Creates a value; optional fields default to absent.
    package init(id: String, kind: Kind, ref: String, citation: String? = nil, summary: String? = nil,
                 observedAt: Timestamp? = nil) {
        self.id = id
        self.kind = kind
        self.ref = ref
        self.citation = citation
        self.summary = summary
        self.observedAt = observedAt
    }

    /// What kind of thing evidence is.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A `signal.ingested` signal (ref: its `signalId`).
        case signal
        /// A `change.recorded` change (ref: its `changeId`).
        case change
        /// A past incident (ref: its `incidentId`).
        case incident
        /// A runbook file (ref: its path; citation: `file#section`).
        case runbook
        /// A dependency-graph edge or service (ref: a service).
        case dependency
        /// A metric.
        case metric
        /// A log line or query.
        case log
        /// A trace.
        case trace
        /// Another agent's output (ref: `<agent>#<finding id>`).
        case agentOutput = "agent-output"
        /// Anything else.
        case other
    }
}

package import OPXEvents

/// What the tools know about the incident under investigation (from the incidents projection).
package struct IncidentFacts: Sendable, Hashable {
    /// The incident.
    package var id: EntityID
    /// Its title.
    package var title: String
    /// Its primary service.
    package var service: String
    /// Its other services (without the primary one), sorted.
    package var otherServices: [String]
    /// Its current severity (`SEV1` … `SEV4`).
    package var severity: Severity?
    /// When it opened.
    package var openedAt: Timestamp
    /// Its status: `open`, `mitigated`, `resolved`.
    package var status: String
    /// Ids of its signals, in attach order (at most 200).
    package var signalIds: [String]
    /// How many signals are attached in total.
    package var signalCount: Int

    /// The primary service followed by the others.
    package var services: [String] { [service] + otherServices }
}

/// One ingested signal of the incident.
package struct SignalFacts: Sendable, Hashable {
    /// The signal's id.
    package var id: String
    /// The alert name.
    package var name: String
    /// The service it names, when it names one.
    package var service: String?
    /// The source's own severity word, mapped.
    package var severity: Severity?
    /// The deduplication key.
    package var fingerprint: String?
    /// `firing`, `acknowledged`, `resolved`.
    package var status: String?
    /// The adapter that produced it.
    package var source: String?
    /// When the log recorded it.
    package var at: Timestamp
}

/// One recorded deployment or configuration change.
package struct ChangeFacts: Sendable, Hashable {
    /// The change.
    package var change: ChangeRecorded
    /// Whether the service is the incident's own (false: a dependency's).
    package var onIncidentService: Bool
}

/// A past incident similar to this one, and how it ended.
package struct PastIncident: Sendable, Hashable {
    /// The incident.
    package var id: EntityID
    /// Its title.
    package var title: String
    /// Its primary service.
    package var service: String?
    /// When it opened.
    package var openedAt: Timestamp?
    /// When it was resolved.
    package var resolvedAt: Timestamp?
    /// How it was fixed.
    package var resolution: String?
    /// Its root cause.
    package var rootCause: String?
    /// How similar it is, from 0 to 1.
    package var similarity: Double
}

extension Severity {
    /// Maps a source's own severity word (`critical`, `P1`, `warning`, …) to a severity, or `nil` when unknown.
    package init?(sourceWord: String) {
        switch sourceWord.lowercased() {
        case "critical", "p1", "sev1", "emergency", "page", "fatal": self = .sev1
        case "high", "error", "p2", "sev2", "major", "alarm": self = .sev2
        case "warning", "warn", "p3", "sev3", "medium", "minor": self = .sev3
        case "info", "low", "p4", "p5", "sev4", "ok", "none": self = .sev4
        default: return nil
        }
    }
}

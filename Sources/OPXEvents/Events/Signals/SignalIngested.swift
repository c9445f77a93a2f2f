/// One alert or signal from a monitoring tool, as an ingest adapter normalised it.
///
/// Appended to `signals-<source>`. `labels` and `annotations` keep the source's raw string maps (at most 64 entries each,
/// bounded lengths); `severity` is the source's own word (`critical`, `P1`, …), which detection rules map to
/// ``Severity``.
package struct SignalIngested: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `signal.ingested`.
    package static let eventType = EventType(unchecked: "signal.ingested")
    /// The schema version these fields follow (`Schemas/events/signal.ingested/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The signal's id; adapters derive it from the source's idempotency key, so a re-sent webhook gets the same id.
    package var signalId: EntityID
    /// The adapter that produced it: lowercase, such as `alertmanager`, `grafana`, `cloudwatch`, `pagerduty`.
    package var source: String
    /// The deduplication key: the same alert from the same source keeps the same fingerprint.
    package var fingerprint: String
    /// Whether the alert is firing, acknowledged, or resolved.
    package var status: Status
    /// The alert's name or title.
    package var name: String
    /// A human summary.
    package var summary: String?
    /// The service the signal is about, when the source names one.
    package var service: String?
    /// The source's own severity word.
    package var severity: String?
    /// When the condition started (the receipt time when the source does not say).
    package var startsAt: Timestamp
    /// When the condition ended, for resolved signals.
    package var endsAt: Timestamp?
    /// The source's own id (PagerDuty dedup key, CloudWatch alarm ARN, …).
    package var externalId: String?
    /// A link back to the source.
    package var url: String?
    /// The source's labels, raw.
    package var labels: [String: String]?
    /// The source's annotations, raw.
    package var annotations: [String: String]?

    /// Creates the event; optional fields default to absent.
    package init(signalId: EntityID, source: String, fingerprint: String, status: Status, name: String,
                 summary: String? = nil, service: String? = nil, severity: String? = nil, startsAt: Timestamp,
                 endsAt: Timestamp? = nil, externalId: String? = nil, url: String? = nil,
                 labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.signalId = signalId
        self.source = source
        self.fingerprint = fingerprint
        self.status = status
        self.name = name
        self.summary = summary
        self.service = service
        self.severity = severity
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.externalId = externalId
        self.url = url
        self.labels = labels
        self.annotations = annotations
    }

    /// Whether an alert is firing, acknowledged, or resolved.
    package enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The condition holds.
        case firing
        /// Someone acknowledged it at the source.
        case acknowledged
        /// The condition cleared.
        case resolved
    }
}

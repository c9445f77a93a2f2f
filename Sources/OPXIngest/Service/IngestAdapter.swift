/// The payload shapes `opx ingest` and `POST /v1/ingest/{adapter}` accept.
package enum IngestAdapter: String, CaseIterable, Sendable {
    /// Prometheus Alertmanager webhook, version 4: one `signal.ingested` per alert.
    case alertmanager
    /// Grafana unified alerting webhook contact point: one `signal.ingested` per alert.
    case grafana
    /// Amazon EventBridge event: CloudWatch alarm state changes become signals, configuration changes
    /// `change.recorded`.
    case eventbridge
    /// PagerDuty Events API v2: trigger, acknowledge and resolve become signals; change events `change.recorded`.
    case pagerduty
    /// CloudEvents 1.0 over HTTP, structured, binary or batch mode.
    case cloudevents
    /// The opx deployment and configuration change shape from CI/CD (see README, "Ingest").
    case changes
}

extension IngestAdapter {
    /// The CloudEvents `source` of the events this adapter appends: `/opx/ingest/<name>`.
    var eventSource: String { "/opx/ingest/\(rawValue)" }
}

import OPXEvents

/// Prometheus Alertmanager webhooks (version 4, and the older bodies without `truncatedAlerts` or per-alert
/// `status`) and Grafana unified-alerting webhooks, which share the shape: one `signal.ingested` per alert.
///
/// Per alert: `labels.alertname` is the name; `annotations.summary` (else `description`) the summary;
/// `labels.severity` the severity; `fingerprint` the fingerprint (computed from the labels when absent);
/// `status` falls back to the body's `status`, then to `firing`. The idempotency key is the fingerprint, the status
/// and the start and end times, so a re-notification of the same alert appends nothing, while its resolution does.
struct AlertmanagerAdapter {
    /// `alertmanager` or `grafana`.
    let origin: IngestAdapter

    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        guard root.object != nil else {
            throw .invalid("", "an \(origin.rawValue) webhook body must be a JSON object with an `alerts` array")
        }
        guard let alerts = root.array("alerts") else {
            throw .invalid(root.pointer("alerts"), "`alerts` is missing or not an array; an \(origin.rawValue) webhook lists its alerts there")
        }
        var output = AdapterOutput()
        for alert in alerts {
            guard alert.object != nil else { throw .invalid(alert.pointer, "each alert must be a JSON object") }
            output.items.append(try signal(alert, root: root, context: context))
        }
        return output
    }

    private func signal(_ alert: PayloadReader, root: PayloadReader, context: AdapterContext) throws(IngestError) -> IngestItem {
        let labels = alert.stringMap("labels") ?? [:]
        var annotations = alert.stringMap("annotations") ?? [:]
        let statusText = (alert.string("status") ?? root.string("status") ?? "firing").lowercased()
        let status: SignalIngested.Status
        switch statusText {
        case "resolved", "ok", "normal", "inactive": status = .resolved
        case "firing", "alerting", "pending", "active", "suppressed": status = .firing
        default: throw .invalid(alert["status"]?.pointer ?? alert.pointer("status"),
                                "alert status \"\(statusText.prefix(40))\" is not one of firing, resolved")
        }
        let startsAt = alert.time("startsAt")
        let endsAt = status == .resolved ? alert.time("endsAt") : nil
        let fingerprint = alert.string("fingerprint") ?? Self.fingerprint(of: labels)
        if origin == .grafana {
            annotations["valueString"] = alert.string("valueString")
            annotations["values"] = alert["values"].map { String(decoding: $0.canonicalBytes, as: UTF8.self) }
        }
        let url = origin == .grafana
            ? alert.string("panelURL") ?? alert.string("dashboardURL") ?? alert.string("generatorURL")
            : alert.string("generatorURL")
        let draft = SignalDraft(
            source: origin.rawValue,
            key: [fingerprint, status.rawValue, startsAt?.description ?? "-", endsAt?.description ?? "-"],
            fingerprint: fingerprint, status: status, name: labels["alertname"] ?? "alert",
            summary: annotations["summary"] ?? annotations["description"], severity: labels["severity"],
            startsAt: startsAt ?? endsAt ?? context.now, endsAt: endsAt, externalId: alert.string("fingerprint"),
            url: url, labels: labels.isEmpty ? nil : labels, annotations: annotations)
        return try draft.item(serviceLabels: context.serviceLabels, origin: origin)
    }

    /// A fingerprint from the sorted label pairs, for senders that send none (older Alertmanagers, proxies).
    static func fingerprint(of labels: [String: String]) -> String {
        let text = labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: "\u{0}")
        return IdempotencyKey.hexDigest(Array(text.utf8))
    }
}

import OPXEvents

/// PagerDuty Events API v2 (`POST /v2/enqueue`) and Change Events (`POST /v2/change/enqueue`).
///
/// `trigger`, `acknowledge` and `resolve` become `signal.ingested` (firing, acknowledged, resolved) fingerprinted by
/// `dedup_key` (generated from the payload, as PagerDuty does, when a trigger has none); a body without
/// `event_action` but with `payload.summary` is a change event and becomes `change.recorded`. The answer is
/// PagerDuty's: 202 `{"status":"success","message":"Event processed","dedup_key":…}`.
struct PagerDutyAdapter {
    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        guard root.object != nil else { throw .invalid("", "a PagerDuty event must be a JSON object") }
        _ = try root.requiredString("routing_key", "`routing_key` (the integration key)")
        guard let action = root.string("event_action") else {
            guard root["payload"]?.string("summary") != nil else {
                throw .invalid(root.pointer("event_action"), "`event_action` is missing; it must be trigger, acknowledge or resolve (or send a change event with payload.summary)")
            }
            return try change(root, context: context)
        }
        let status: SignalIngested.Status
        switch action.lowercased() {
        case "trigger": status = .firing
        case "acknowledge": status = .acknowledged
        case "resolve": status = .resolved
        default: throw .invalid(root.pointer("event_action"), "event_action \"\(action.prefix(40))\" is not one of trigger, acknowledge, resolve")
        }
        let payload = root["payload"]
        let dedupKey: String
        if let given = root.string("dedup_key") {
            dedupKey = given
        } else if status == .firing {
            dedupKey = IdempotencyKey.hexDigest(root.canonicalBytes, length: 32)
        } else {
            throw .invalid(root.pointer("dedup_key"), "`dedup_key` is required to \(action) an alert; send the key the trigger returned")
        }
        if status == .firing {
            guard let payload else { throw .invalid(root.pointer("payload"), "a trigger needs `payload` with summary, source and severity") }
            _ = try payload.requiredString("summary", "`payload.summary`")
            _ = try payload.requiredString("source", "`payload.source`")
        }
        var labels: [String: String] = [:]
        for field in ["source", "component", "group", "class"] { labels[field] = payload?.string(field) }
        labels["client"] = root.string("client")
        let at = payload?.time("timestamp") ?? context.now
        let draft = SignalDraft(
            source: "pagerduty", key: [IdempotencyKey.hexDigest(root.canonicalBytes, length: 32)], fingerprint: dedupKey,
            status: status, name: payload?.string("summary") ?? "\(action) \(dedupKey)", summary: payload?.string("summary"),
            severity: payload?.string("severity"), startsAt: at, endsAt: status == .resolved ? at : nil, externalId: dedupKey,
            url: root.array("links")?.first?.string("href") ?? root.string("client_url"), labels: labels,
            annotations: payload?.stringMap("custom_details"))
        var output = AdapterOutput(items: [try draft.item(serviceLabels: context.serviceLabels, origin: .pagerduty)])
        output.status = 202
        output.body = ["status": "success", "message": "Event processed", "dedup_key": .string(dedupKey)]
        return output
    }

    private func change(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        let payload = root["payload"]!
        let summary = try payload.requiredString("summary", "`payload.summary`")
        let details = payload.stringMap("custom_details")
        let lowered = summary.lowercased()
        let kind: ChangeKind = lowered.contains("rollback") || lowered.contains("roll back") ? .rollback
            : lowered.contains("deploy") || lowered.contains("release") ? .deployment
            : lowered.contains("config") ? .configuration : .other
        let change = ChangeDraft(
            key: ["pagerduty", IdempotencyKey.hexDigest(root.canonicalBytes, length: 32)],
            service: details?["service"] ?? payload.string("source") ?? "unknown", kind: kind,
            at: payload.time("timestamp") ?? context.now, source: "pagerduty", summary: summary,
            version: details?["version"], author: details?["author"] ?? details?["build_by"],
            environment: details?["environment"], url: root.array("links")?.first?.string("href"), labels: details)
        var output = AdapterOutput(items: [try change.item(origin: .pagerduty)])
        output.status = 202
        output.body = ["status": "success", "message": "Change event processed"]
        return output
    }
}

import OPXEvents

/// Amazon EventBridge events.
///
/// `CloudWatch Alarm State Change` becomes a `signal.ingested` (`ALARM` firing, `OK` resolved,
/// `INSUFFICIENT_DATA` firing with severity `insufficient_data`), fingerprinted by the alarm ARN. Deployment and
/// configuration events (a `detail-type` naming a change, deployment or configuration item, or `source`
/// `aws.config`) become `change.recorded`. The event's own `id` is the idempotency key; other detail types are
/// rejected with the list of what is accepted.
struct EventBridgeAdapter {
    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        guard root.object != nil else { throw .invalid("", "an EventBridge event must be a JSON object") }
        let detailType = try root.requiredString("detail-type", "`detail-type`")
        guard let detail = root["detail"], detail.object != nil else {
            throw .invalid(root.pointer("detail"), "`detail` is missing or not an object")
        }
        let key = root.string("id") ?? IdempotencyKey.hexDigest(root.canonicalBytes, length: 32)
        let lowered = detailType.lowercased()
        if lowered == "cloudwatch alarm state change" {
            return AdapterOutput(items: [try alarm(root, detail: detail, key: key, context: context)])
        }
        let source = root.string("source") ?? ""
        if ["change", "deployment", "configuration"].contains(where: lowered.contains) || source == "aws.config" {
            return AdapterOutput(items: [try change(root, detail: detail, detailType: detailType, key: key, context: context)])
        }
        throw .invalid(root.pointer("detail-type"), "EventBridge detail-type \"\(detailType.prefix(80))\" is not ingested; opx accepts CloudWatch Alarm State Change and deployment or configuration change events")
    }

    private func alarm(_ root: PayloadReader, detail: PayloadReader, key: String, context: AdapterContext) throws(IngestError) -> IngestItem {
        let name = try detail.requiredString("alarmName", "`detail.alarmName`")
        guard let state = detail["state"], let value = state.string("value") else {
            throw .invalid(detail.pointer("state"), "`detail.state.value` is missing; it must be ALARM, OK or INSUFFICIENT_DATA")
        }
        let status: SignalIngested.Status
        var severity: String?
        switch value.uppercased() {
        case "ALARM": status = .firing
        case "OK": status = .resolved
        case "INSUFFICIENT_DATA": (status, severity) = (.firing, "insufficient_data")
        default: throw .invalid(state.pointer("value"), "alarm state \"\(value.prefix(40))\" is not one of ALARM, OK, INSUFFICIENT_DATA")
        }
        let changedAt = state.time("timestamp") ?? root.time("time") ?? context.now
        let previous = detail["previousState"]
        let startsAt = status == .resolved ? previous?.time("timestamp") ?? changedAt : changedAt
        let arn = root.array("resources")?.first?.text
        var labels: [String: String] = ["alarmName": name]
        labels["region"] = root.string("region")
        labels["account"] = root.string("account")
        if let metric = detail["configuration"]?.array("metrics")?.first?["metricStat"]?["metric"] {
            labels["namespace"] = metric.string("namespace")
            labels["metric"] = metric.string("name")
            for (dimension, dimensionValue) in metric.stringMap("dimensions") ?? [:] { labels[dimension] = dimensionValue }
        }
        var annotations: [String: String] = [:]
        annotations["description"] = detail["configuration"]?.string("description")
        annotations["previousState"] = previous?.string("value")
        let draft = SignalDraft(
            source: "cloudwatch", key: [key], fingerprint: arn ?? "\(labels["account"] ?? "-"):\(labels["region"] ?? "-"):\(name)",
            status: status, name: name, summary: state.string("reason"), severity: severity, startsAt: startsAt,
            endsAt: status == .resolved ? changedAt : nil, externalId: arn, labels: labels, annotations: annotations)
        return try draft.item(serviceLabels: context.serviceLabels, origin: .eventbridge)
    }

    private func change(_ root: PayloadReader, detail: PayloadReader, detailType: String, key: String,
                        context: AdapterContext) throws(IngestError) -> IngestItem {
        let item = detail["configurationItem"]
        let candidates: [String?] = [item?.string("resourceName"), item?.string("resourceId"), detail.string("resourceId"),
                                     detail.string("deploymentGroup"), detail.string("application"), detail.string("clusterArn"),
                                     root.array("resources")?.first?.text.flatMap { $0.split(separator: "/").last.map(String.init) }]
        let resource = candidates.lazy.compactMap { $0 }.first
        let lowered = detailType.lowercased()
        let kind: ChangeKind = lowered.contains("deployment") ? .deployment
            : lowered.contains("configuration") || root.string("source") == "aws.config" ? .configuration : .infrastructure
        var labels: [String: String] = ["detailType": detailType]
        labels["eventSource"] = root.string("source")
        labels["region"] = root.string("region")
        labels["account"] = root.string("account")
        let change = ChangeDraft(
            key: ["eventbridge", key], service: resource ?? root.string("source") ?? "aws", kind: kind,
            at: root.time("time") ?? context.now, source: "eventbridge",
            summary: "\(detailType)\(resource.map { ": \($0)" } ?? "")", environment: root.string("account"),
            externalId: root.string("id"), labels: labels)
        return try change.item(origin: .eventbridge)
    }
}

import OPXEvents

/// The decisions a group calls for that are not recorded yet: a pure function of the group and the rules.
///
/// Because the group's alerts do not depend on arrival order (see ``AlertState/merge(_:severity:)``) and the
/// incident id comes from the group key, the final incidents are the same for any order of the same signals:
/// rules count distinct alerts and only ever start matching; severity only escalates; an incident resolves when
/// every alert's latest status is resolved and reopens when one fires again.
enum Decider {
    /// The decisions for `group` under `rules`, in the order to record them.
    ///
    /// The alerts that join an open incident are attached by one `incident.signal-attached` listing all of them (one
    /// per ``IncidentSignalAttached/maximumSignals``), not one event each.
    static func decisions(for group: CorrelationGroup, rules: DetectionRules) -> [Decision] {
        let severity = group.alertSeverity
        var decisions: [Decision] = []
        if group.status == nil {
            guard let rule = rules.rules.first(where: { $0.matches(group) }) else { return [] }
            let ordered = group.alerts.sorted { $0.key < $1.key }
            let detection = EntityID(IdempotencyKey.entityID("opx-detection", group.incidentId.description))
            let signals = Array(ordered.prefix(1000).map(\.value.firstSignal))
            let (start, end) = window(group.key, rules)
            decisions.append(.detected(DetectionFired(
                detectionId: detection, rule: rule.name, service: group.key.service, severity: severity,
                signalIds: signals, windowStart: start, windowEnd: end,
                reason: reason(rule, count: group.alerts.count, service: group.key.service), incidentId: group.incidentId)))
            decisions.append(.opened(IncidentOpened(
                incidentId: group.incidentId, title: title(of: group),
                service: group.key.service, severity: severity,
                openedAt: ordered.map(\.value.startsAt).min()!, detectionId: detection, signalIds: signals)))
        } else {
            let joining = group.unrecorded.sorted().compactMap { group.alerts[$0] }
            for start in stride(from: 0, to: joining.count, by: IncidentSignalAttached.maximumSignals) {
                let alerts = joining[start..<min(start + IncidentSignalAttached.maximumSignals, joining.count)]
                decisions.append(.attached(IncidentSignalAttached(
                    incidentId: group.incidentId, signalIds: alerts.map(\.firstSignal),
                    fingerprints: alerts.map { Bounded.text($0.fingerprint, 256) ?? "-" },
                    reason: "same service within the \(rules.windowSeconds)s correlation window")))
            }
            if let recorded = group.severity, severity < recorded {
                decisions.append(.severityChanged(IncidentSeverityChanged(
                    incidentId: group.incidentId, from: recorded, to: severity,
                    reason: "a \(severity.rawValue) alert joined", changedBy: "rule:severity-escalation")))
            }
            if group.status == .resolved, !group.allResolved {
                decisions.append(.opened(IncidentOpened(
                    incidentId: group.incidentId, title: title(of: group), service: group.key.service,
                    severity: min(severity, group.severity ?? severity),
                    openedAt: group.alerts.values.filter { $0.status != .resolved }.map(\.at).min()!)))
            }
        }
        if group.allResolved, group.status != .resolved {
            decisions.append(.resolved(IncidentResolved(
                incidentId: group.incidentId, resolvedAt: group.alerts.values.map(\.at).max()!, reason: .allSignalsResolved,
                resolvedBy: "opx-correlation")))
        }
        return decisions
    }

    /// The ordinal that makes each decision's event id unique within its incident.
    static func ordinal(of decision: Decision, in group: CorrelationGroup) -> String {
        switch decision {
        case .detected: "1"
        case .opened: String(group.opens + 1)
        case .attached(let attached): attached.signalIds.map(\.description).joined(separator: ",")
        case .severityChanged(let changed): changed.to.rawValue
        case .resolved: String(group.resolutions + 1)
        }
    }

    /// `<the most severe, earliest alert's name> on <service>`.
    private static func title(of group: CorrelationGroup) -> String {
        let lead = group.alerts.values.min { ($0.severity, $0.startsAt, $0.fingerprint) < ($1.severity, $1.startsAt, $1.fingerprint) }
        return Bounded.text("\(lead?.name ?? "alerts") on \(group.key.service)", 512) ?? group.key.service
    }

    /// The start and end of the group's correlation window.
    static func window(_ key: GroupKey, _ rules: DetectionRules) -> (start: Timestamp, end: Timestamp) {
        let width = Int64(rules.windowSeconds) * 1_000_000_000
        return (Timestamp(nanoseconds: key.window * width), Timestamp(nanoseconds: (key.window + 1) * width))
    }

    private static func reason(_ rule: DetectionRule, count: Int, service: String) -> String {
        let severity = rule.minSeverity.map { " of \($0.rawValue) or worse" } ?? ""
        return "\(count) distinct alert(s) for \(service); rule \(rule.name) needs \(rule.minSignals)\(severity)"
    }
}

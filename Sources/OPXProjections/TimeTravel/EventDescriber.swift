import OPXEvents

/// One-line, human descriptions of events for `opx history` and `opx debug last`. Never prints
/// payload documents, only the fields that say what happened.
package enum EventDescriber {
    package static func describe(_ event: ProjectionEvent) -> String {
        let p = event.payload
        func s(_ key: String) -> String { p.string(key) ?? "?" }
        let attempt = p.int("attempt").map { " attempt \($0)" } ?? ""
        switch event.type.rawValue {
        case "investigation.started":
            return "started (\(s("trigger"))) for incident \(s("incidentId")) with \(p.strings("agents").count) agents"
        case "agent.invoked":
            return "\(s("agent"))\(attempt) invoked" + (p.string("model").map { " (\($0))" } ?? "")
        case "agent.output-recorded":
            return "\(s("agent"))\(attempt) output recorded" + (p.bool("redacted") == true ? " (redacted)" : "")
        case "agent.failed":
            return "\(s("agent"))\(attempt) failed: \(s("reason"))" + (p.string("message").map { " — \($0)" } ?? "")
                + (p.bool("willRetry") == true ? " (will retry)" : " (final)")
        case "validation.recorded":
            let errors = p["errors"]?.elements.count ?? 0
            return "\(s("agent"))\(attempt) \(s("stage")) validation " + (p.bool("passed") == true ? "passed" : "FAILED (\(errors) error\(errors == 1 ? "" : "s"))")
        case "guardrail.violation":
            return "guardrail \(s("kind")) \(s("action")) in \(s("location"))" + (p.string("agent").map { " of \($0)" } ?? "")
        case "usage.recorded":
            return "\(s("agent")) used \(p.int("inputTokens") ?? 0) in / \(p.int("outputTokens") ?? 0) out tokens on \(s("model")), $\(formatUSD(p.double("costUsd") ?? 0))"
        case "consensus.reached":
            let action = p["output"]?["recommendation"]?["action"]?.string
            return "consensus reached" + (p.bool("degraded") == true ? " (degraded)" : "") + (action.map { ": \($0)" } ?? "")
        case "recommendation.reviewed":
            return "recommendation \(s("decision"))d by \(s("reviewer"))"
        case "investigation.completed":
            return "completed (\(s("status")))" + (p.strings("failedAgents").isEmpty ? "" : "; failed agents: \(p.strings("failedAgents").joined(separator: ", "))")
        case "investigation.failed":
            return "FAILED: \(s("reason"))" + (p.string("message").map { " — \($0)" } ?? "")
        case "investigation.resumed":
            return "resumed (\(s("reason"))): \(p.strings("pendingSteps").count) steps pending"
        case "budget.threshold-crossed":
            return "budget \(Int((p.double("threshold") ?? 0) * 100))% crossed: $\(formatUSD(p.double("spentUsd") ?? 0)) of $\(formatUSD(p.double("limitUsd") ?? 0))"
        case "trace.span-recorded":
            return "span \(s("name")) \(p["status"]?["code"]?.string ?? "")"
        case "incident.opened":
            return "opened \(s("severity")) on \(s("service")): \(s("title"))"
        case "incident.signal-attached":
            // v1 names one signal, v2 lists several.
            let signals = p.string("signalId").map { [$0] } ?? p.strings("signalIds")
            return signals.count == 1 ? "signal \(signals[0]) attached"
                : "\(signals.count) signals attached: " + signals.prefix(3).joined(separator: ", ") + (signals.count > 3 ? ", …" : "")
        case "incident.severity-changed":
            return "severity \(s("from")) → \(s("to"))" + (p.string("reason").map { " (\($0))" } ?? "")
        case "incident.mitigated":
            return "mitigated" + (p.string("mitigatedBy").map { " by \($0)" } ?? "")
        case "incident.resolved":
            return "resolved (\(s("reason")))" + (p.string("resolution").map { ": \($0)" } ?? "")
        case "signal.ingested":
            return "\(s("status")) \(s("name")) on \(p.string("service") ?? "?")"
        default:
            return event.type.rawValue
        }
    }

    /// Dollars with up to 4 decimals.
    package static func formatUSD(_ value: Double) -> String {
        let units = Int64((abs(value) * 10_000).rounded())
        var fraction = String(units % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (value < 0 && units > 0 ? "-" : "") + String(units / 10_000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}

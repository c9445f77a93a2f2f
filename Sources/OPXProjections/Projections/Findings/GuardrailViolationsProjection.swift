import OPXEvents

/// Guardrail violations: every one, by investigation, and counts by kind and action.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `violation/<position, 20 digits>` | a reference to the `guardrail.violation` event (``EventRecordRow``; never a raw value: events carry field paths only) |
/// | `by-investigation/<investigation id>/<position>` | index entry |
/// | `kind/<kind>` | ``Counts`` by action (`blocked`, `redacted`, `warned`) |
package struct GuardrailViolationsProjection: Projection {
    package init() {}

    package var name: String { "guardrail-violations" }
    /// 2: records are references to their events, not payload copies.
    package var version: Int { 2 }
    package var eventTypes: [String] { ["guardrail.violation"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        guard let kind = p.string("kind") else { return }
        let position = RowKey.padded(event.position.rawValue)
        rows.putRecord("violation/\(position)", event)
        if let investigation = p.string("investigationId") ?? InvestigationFold.investigationID(event) {
            rows.put("by-investigation/\(investigation)/\(position)", MarkerRow())
        }
        try rows.update("kind/\(kind)", as: Counts.self, default: { Counts() }) { $0.add(p.string("action") ?? "unknown") }
    }
}

/// Validation errors: every failed validation stage with its errors, and pass/fail counts by
/// stage, agent and rule.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `error/<investigation id>/<agent>/<attempt, 3 digits>/<stage>` | a reference to the failing `validation.recorded` event (``EventRecordRow``) |
/// | `stage/<stage>`, `agent/<agent>` | ``Counts``: `passed`, `failed` |
/// | `rule/<rule>` | ``Counts``: `errors` (for errors that name their rule) |
package struct ValidationErrorsProjection: Projection {
    package init() {}

    package var name: String { "validation-errors" }
    /// 2: records are references to their events, not payload copies.
    package var version: Int { 2 }
    package var eventTypes: [String] { ["validation.recorded"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        guard let agent = p.string("agent"), let stage = p.string("stage"), let passed = p.bool("passed") else { return }
        let outcome = passed ? "passed" : "failed"
        try rows.update("stage/\(stage)", as: Counts.self, default: { Counts() }) { $0.add(outcome) }
        try rows.update("agent/\(agent)", as: Counts.self, default: { Counts() }) { $0.add(outcome) }
        guard !passed else { return }
        let investigation = p.string("investigationId") ?? InvestigationFold.investigationID(event) ?? "-"
        let attempt = RowKey.padded(p.int("attempt") ?? 0, width: 3)
        rows.putRecord("error/\(investigation)/\(agent)/\(attempt)/\(stage)", event)
        for error in p["errors"]?.elements ?? [] {
            guard let rule = error["rule"]?.string else { continue }
            try rows.update("rule/\(rule)", as: Counts.self, default: { Counts() }) { $0.add("errors") }
        }
    }
}

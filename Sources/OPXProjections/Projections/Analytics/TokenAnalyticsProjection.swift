package import OPXEvents

/// Token analytics: tokens and cost by day, agent and model, and budget state.
///
/// Rows (each a ``UsageTotals`` unless noted):
///
/// | key | row |
/// |---|---|
/// | `total` | everything |
/// | `day/<yyyy-mm-dd>` | by UTC day of the event's recorded time |
/// | `month/<yyyy-mm>` | by UTC month (what monthly budgets count) |
/// | `agent/<agent>`, `model/<model>` | by agent, by model |
/// | `investigation/<id>` | ``InvestigationBudget``: an investigation's spend against its budget |
/// | `budget/<scope>/<investigation id or period>` | ``BudgetState``: the last threshold crossed |
package struct TokenAnalyticsProjection: Projection {
    package init() {}

    package var name: String { "usage" }
    package var version: Int { 1 }
    package var eventTypes: [String] { ["usage.recorded", "budget.threshold-crossed", "investigation.started"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        switch event.type.rawValue {
        case "usage.recorded":
            guard let input = p.int("inputTokens"), let output = p.int("outputTokens") else { return }
            let cost = p.double("costUsd") ?? 0
            let day = Self.day(event.recordedAt)
            var keys = ["total", "day/\(day)", "month/\(day.prefix(7))"]
            if let agent = p.string("agent") { keys.append("agent/\(agent)") }
            if let model = p.string("model") { keys.append("model/\(model)") }
            for key in keys {
                try rows.update(key, as: UsageTotals.self, default: { UsageTotals() }) {
                    $0.add(inputTokens: input, outputTokens: output, costUsd: cost)
                }
            }
            if let id = p.string("investigationId") ?? InvestigationFold.investigationID(event) {
                try rows.update("investigation/\(id)", as: InvestigationBudget.self, default: { InvestigationBudget() }) {
                    $0.usage.add(inputTokens: input, outputTokens: output, costUsd: cost)
                }
            }
        case "investigation.started":
            guard let id = InvestigationFold.investigationID(event), let limit = p.double("budgetUsd") else { return }
            try rows.update("investigation/\(id)", as: InvestigationBudget.self, default: { InvestigationBudget() }) { $0.limitUsd = limit }
        case "budget.threshold-crossed":
            guard let scope = p.string("scope"), let threshold = p.double("threshold") else { return }
            let subject = scope == "investigation" ? p.string("investigationId") : p.string("period") ?? String(Self.day(event.recordedAt).prefix(7))
            guard let subject else { return }
            try rows.update("budget/\(scope)/\(subject)", as: BudgetState.self, default: { BudgetState(scope: scope, subject: subject) }) { b in
                b.threshold = max(b.threshold, threshold)
                b.spentUsd = p.double("spentUsd") ?? b.spentUsd
                b.limitUsd = p.double("limitUsd") ?? b.limitUsd
                b.crossings += 1
                b.lastCrossedAt = event.recordedAt
            }
        default:
            break
        }
    }

    /// The UTC day of `time`, `yyyy-mm-dd`.
    package static func day(_ time: Timestamp) -> String { String(time.description.prefix(10)) }
}

/// An investigation's spend and budget.
package struct InvestigationBudget: ProjectionRow, Hashable {
    package var limitUsd: Double?
    package var usage = UsageTotals()
    package init() {}
    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("limitUsd", limitUsd)
            e.field("usage", usage)
        }
    }
    package init(row d: RowDecoder) throws(RowDecodingError) {
        limitUsd = d.optionalDouble("limitUsd")
        usage = try d.row("usage", as: UsageTotals.self) ?? UsageTotals()
    }
}

/// A budget's state: the highest threshold crossed and the spend when it was.
package struct BudgetState: ProjectionRow, Hashable {
    package var scope: String
    package var subject: String
    package var threshold: Double = 0
    package var spentUsd: Double = 0
    package var limitUsd: Double = 0
    package var crossings: Int64 = 0
    package var lastCrossedAt: Timestamp?

    package init(scope: String, subject: String) {
        self.scope = scope
        self.subject = subject
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("crossings", crossings)
            e.field("lastCrossedAt", lastCrossedAt)
            e.field("limitUsd", limitUsd)
            e.field("scope", scope)
            e.field("spentUsd", spentUsd)
            e.field("subject", subject)
            e.field("threshold", threshold)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        crossings = d.int("crossings", default: 0)
        lastCrossedAt = d.optionalTime("lastCrossedAt")
        limitUsd = d.double("limitUsd")
        scope = try d.string("scope")
        spentUsd = d.double("spentUsd")
        subject = try d.string("subject")
        threshold = d.double("threshold")
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
package import Logging
package import OPXEventLog
package import OPXEvents
import OPXProjections

/// Watches spending after each `usage.recorded` (the ``SpendingWatch`` the engine calls): budget thresholds,
/// cost spikes, and the alerts they raise.
///
/// State comes from the log through the token analytics projection (`usage`): an investigation's spend and
/// budget, the month's spend, and the highest threshold already crossed — so the same log always gives the same
/// decisions. The engine calls it before appending the usage event (it appends the usage and the returned events
/// in one batch), so `usage`'s cost is added to what the projection holds.
///
/// - Thresholds: crossing 80 % and 95 % of the per-investigation budget (the investigation's own `budgetUsd`,
///   else `budgets.perInvestigationUsd`) or of `budgets.monthlyUsd` appends `budget.threshold-crossed` and raises
///   an alert (warning at 80 %, critical at 95 %). Each threshold is crossed once per investigation or month.
/// - Cost spike: when this usage takes the investigation above `costSpikeFactor` × the trailing median cost — the
///   median total cost of the 20 other investigations with the most recent `usage.recorded` (found by reading the
///   log backward, at most 10,000 events) — a warning, once; judged only with `costSpikeMinimumHistory` of them.
/// - Alerts go through ``AlertGate`` (dedupe, rate limit); raised ones are POSTed to `alerts.webhookUrl` when set,
///   by ``announce(_:)``, which the engine calls only once the `alert.raised` events are durable (a webhook never
///   announces what the log does not hold); a failed delivery is logged and never loses the event.
///
/// ```swift
/// let watch = try BudgetWatch(log: log, configFile: path, logger: logger)
/// let caused = try await watch.events(after: usage, investigationId: id, at: clock.now())
/// _ = try await log.append(to: .investigation(id), events: [try ProposedEvent(usage)] + caused.events)
/// await watch.announce(caused.raised)
/// ```
package struct BudgetWatch: SpendingWatch {
    /// The budgets.
    package let budgets: BudgetConfiguration
    /// The alert gate (dedupe, rate limit, webhook settings).
    package let alerts: AlertGate
    private let log: EventLog
    private let logger: Logger

    /// Creates a watch.
    package init(log: EventLog, budgets: BudgetConfiguration, alerts: AlertConfiguration, logger: Logger) {
        self.log = log
        self.budgets = budgets
        self.alerts = AlertGate(log: log, configuration: alerts)
        self.logger = logger
    }

    /// Creates a watch with the `budgets` and `alerts` sections of a config file.
    ///
    /// - Throws: ``RuntimeError`` naming the key path of a bad value.
    package init(log: EventLog, configFile: String?, logger: Logger) throws {
        self.init(log: log, budgets: try BudgetConfiguration.load(fromConfigFile: configFile),
                  alerts: try AlertConfiguration.load(fromConfigFile: configFile), logger: logger)
    }

    /// The events that recording `usage` for `investigationId` at `time` causes, in order, and the raised alerts
    /// to ``announce(_:)`` once they are appended.
    package func events(after usage: UsageRecorded, investigationId: EntityID, at time: Timestamp) async throws -> SpendingEvents {
        let period = String(TokenAnalyticsProjection.day(time).prefix(7))
        let state = try readState(investigationId: investigationId, period: period)
        let cost = NSDecimalNumber(decimal: usage.costUsd).doubleValue
        let investigationSpent = state.investigationBefore + cost
        let monthSpent = state.monthBefore + cost
        var out = SpendingEvents()
        if let limit = state.investigationLimit ?? budgets.perInvestigationUsd {
            for threshold in Self.crossed(spent: investigationSpent, limit: limit, already: state.investigationThreshold) {
                out.events.append(try ProposedEvent(BudgetThresholdCrossed(scope: .investigation, investigationId: investigationId, threshold: threshold,
                                                                           spentUsd: Self.decimal(investigationSpent), limitUsd: Self.decimal(limit))))
                try alert(.budgetThreshold, threshold == .ninetyFivePercent ? .critical : .warning,
                          "Investigation \(investigationId) spent $\(Self.money(investigationSpent)) of its $\(Self.money(limit)) budget (\(Int(threshold.rawValue * 100)) %)",
                          investigationId, time, into: &out)
            }
        }
        if let limit = budgets.monthlyUsd {
            for threshold in Self.crossed(spent: monthSpent, limit: limit, already: state.monthThreshold) {
                out.events.append(try ProposedEvent(BudgetThresholdCrossed(scope: .monthly, period: period, threshold: threshold,
                                                                           spentUsd: Self.decimal(monthSpent), limitUsd: Self.decimal(limit))))
                try alert(.budgetThreshold, threshold == .ninetyFivePercent ? .critical : .warning,
                          "Monthly spend for \(period) is $\(Self.money(monthSpent)) of $\(Self.money(limit)) (\(Int(threshold.rawValue * 100)) %)",
                          nil, time, into: &out)
            }
        }
        if state.others.count >= budgets.costSpikeMinimumHistory, let median = Self.median(state.others), median > 0 {
            let bar = budgets.costSpikeFactor * median
            if investigationSpent > bar, state.investigationBefore <= bar {
                try alert(.costSpike, .warning,
                          "Investigation \(investigationId) cost $\(Self.money(investigationSpent)), more than \(Self.money(budgets.costSpikeFactor))× the median $\(Self.money(median)) of \(state.others.count) others",
                          investigationId, time, into: &out)
            }
        }
        return out
    }

    /// What the projection says about one investigation and one month, before the usage being recorded.
    struct State {
        var investigationBefore = 0.0
        var investigationLimit: Double?
        var investigationThreshold = 0.0
        var monthBefore = 0.0
        var monthThreshold = 0.0
        var others: [Double] = []
    }

    /// The other investigations that recorded usage most recently, newest first (at most 20, within the last
    /// 10,000 events of the log).
    private func recentInvestigations(excluding current: EntityID) throws -> [String] {
        var found: [String] = []
        try log.walkBackward(maxEvents: 10_000) { event in
            if event.type == UsageRecorded.eventType, let id = try? event.json["investigationId"]?.stringValue,
               id != current.description, !found.contains(id) {
                found.append(id)
            }
            return found.count < 20
        }
        return found
    }

    private func readState(investigationId: EntityID, period: String) throws -> State {
        let usage = TokenAnalyticsProjection()
        let recent = try recentInvestigations(excluding: investigationId)
        return try ProjectionStore(log: log).read([usage]) { reader in
            var state = State()
            if let budget = try reader.get(usage.name, "investigation/\(investigationId)", as: InvestigationBudget.self) {
                state.investigationBefore = budget.usage.costUsd
                state.investigationLimit = budget.limitUsd
            }
            state.investigationThreshold = try reader.get(usage.name, "budget/investigation/\(investigationId)", as: BudgetState.self)?.threshold ?? 0
            state.monthBefore = try reader.get(usage.name, "month/\(period)", as: UsageTotals.self)?.costUsd ?? 0
            state.monthThreshold = try reader.get(usage.name, "budget/monthly/\(period)", as: BudgetState.self)?.threshold ?? 0
            state.others = try recent.compactMap { try reader.get(usage.name, "investigation/\($0)", as: InvestigationBudget.self)?.usage.costUsd }
                .filter { $0 > 0 }
            return state
        }
    }

    /// The thresholds newly crossed by `spent` of `limit`, when `already` was the highest crossed before.
    static func crossed(spent: Double, limit: Double, already: Double) -> [BudgetThresholdCrossed.Threshold] {
        guard limit > 0 else { return [] }
        return BudgetThresholdCrossed.Threshold.allCases.sorted { $0.rawValue < $1.rawValue }
            .filter { spent >= $0.rawValue * limit && already < $0.rawValue }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func decimal(_ value: Double) -> Decimal { Decimal(string: String(format: "%.6f", value)) ?? 0 }

    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Adds the event recording an alert (raised or suppressed) to `out`, and a raised one to its announcements.
    private func alert(_ kind: AlertKind, _ severity: AlertSeverity, _ message: String, _ investigationId: EntityID?,
                       _ time: Timestamp, into out: inout SpendingEvents) throws {
        let (event, raised) = try alerts.decide(kind: kind, severity: severity, message: message, investigationId: investigationId, at: time)
        out.events.append(event)
        if let raised { out.raised.append(raised) }
    }

    /// POSTs each raised alert to the webhook, when one is configured; call it only once their events are durable.
    package func announce(_ raised: [AlertRaised]) async {
        guard let url = alerts.configuration.webhookUrl.flatMap(URL.init(string:)) else { return }
        for alert in raised { await deliver(alert, to: url) }
    }

    /// POSTs the alert as JSON; failures are logged (the alert is recorded either way).
    private func deliver(_ alert: AlertRaised, to url: URL) async {
        var request = URLRequest(url: url, timeoutInterval: alerts.configuration.webhookTimeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do {
            request.httpBody = Data(CanonicalJSONWriter.canonicalBytes(try alert.jsonPayload()))
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                logger.warning("alert webhook answered \(status)", metadata: ["opx.alert": "\(alert.alertId)", "opx.webhook": "\(url.host ?? "?")"])
                return
            }
        } catch {
            logger.warning("alert webhook delivery failed: \(error.localizedDescription)",
                           metadata: ["opx.alert": "\(alert.alertId)", "opx.webhook": "\(url.host ?? "?")"])
        }
    }
}

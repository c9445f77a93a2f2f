/// The `budgets` config section: spending limits in US dollars and the cost-spike rule.
///
/// ```json
/// "budgets": { "perInvestigationUsd": 2.5, "monthlyUsd": 500, "costSpikeFactor": 3, "costSpikeMinimumHistory": 5 }
/// ```
///
/// Crossing 80 % and 95 % of a limit appends `budget.threshold-crossed` and raises an alert. An investigation's
/// own `budgetUsd` (in `investigation.started`) overrides `perInvestigationUsd`. No limit, no threshold events.
package struct BudgetConfiguration: Sendable, Hashable {
    /// The default per-investigation limit (none by default).
    package var perInvestigationUsd: Double?
    /// The monthly limit over all investigations, by UTC calendar month (none by default).
    package var monthlyUsd: Double?
    /// An investigation costing more than this many times the median of the others is a spike (default 3).
    package var costSpikeFactor: Double
    /// How many other investigations with a cost must exist before spikes are judged (default 5).
    package var costSpikeMinimumHistory: Int

    /// Creates a configuration; no limits and a 3× spike rule by default.
    package init(perInvestigationUsd: Double? = nil, monthlyUsd: Double? = nil, costSpikeFactor: Double = 3,
                 costSpikeMinimumHistory: Int = 5) {
        self.perInvestigationUsd = perInvestigationUsd
        self.monthlyUsd = monthlyUsd
        self.costSpikeFactor = costSpikeFactor
        self.costSpikeMinimumHistory = costSpikeMinimumHistory
    }

    /// Loads the `budgets` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``RuntimeError`` naming the file and the key path of an unknown key or a non-positive amount.
    package static func load(fromConfigFile path: String?) throws -> BudgetConfiguration {
        guard var reader = try ConfigFile.section("budgets", fromConfigFile: path) else { return BudgetConfiguration() }
        let configuration = BudgetConfiguration(
            perInvestigationUsd: try reader.positive("perInvestigationUsd"), monthlyUsd: try reader.positive("monthlyUsd"),
            costSpikeFactor: try reader.positive("costSpikeFactor") ?? 3,
            costSpikeMinimumHistory: try reader.int("costSpikeMinimumHistory", default: 5, in: 1...1_000_000))
        try reader.finish()
        return configuration
    }
}

/// The `alerts` config section: deduplication, rate limit, webhook.
///
/// ```json
/// "alerts": { "dedupWindowSeconds": 300, "maxPerHour": 20, "webhookUrl": "https://hooks.example.com/opx", "webhookTimeoutSeconds": 2 }
/// ```
package struct AlertConfiguration: Sendable, Hashable {
    /// An alert with the same severity, message and investigation within this window is suppressed (default 300 s).
    package var dedupWindowSeconds: Double
    /// At most this many alerts are raised per rolling hour; more are suppressed as rate-limited (default 20).
    package var maxPerHour: Int
    /// Where raised alerts are POSTed as JSON (none by default).
    package var webhookUrl: String?
    /// How long one webhook delivery may take (default 2 s).
    package var webhookTimeoutSeconds: Double

    /// Creates a configuration; the defaults unless given.
    package init(dedupWindowSeconds: Double = 300, maxPerHour: Int = 20, webhookUrl: String? = nil, webhookTimeoutSeconds: Double = 2) {
        self.dedupWindowSeconds = dedupWindowSeconds
        self.maxPerHour = maxPerHour
        self.webhookUrl = webhookUrl
        self.webhookTimeoutSeconds = webhookTimeoutSeconds
    }

    /// Loads the `alerts` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``RuntimeError`` naming the file and the key path of an unknown key or a bad value.
    package static func load(fromConfigFile path: String?) throws -> AlertConfiguration {
        guard var reader = try ConfigFile.section("alerts", fromConfigFile: path) else { return AlertConfiguration() }
        let webhookUrl = try reader.string("webhookUrl")
        if let url = webhookUrl, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw reader.error("webhookUrl", "must be an http:// or https:// URL")
        }
        let configuration = AlertConfiguration(
            dedupWindowSeconds: try reader.positive("dedupWindowSeconds") ?? 300,
            maxPerHour: try reader.int("maxPerHour", default: 20, in: 1...1_000_000), webhookUrl: webhookUrl,
            webhookTimeoutSeconds: try reader.positive("webhookTimeoutSeconds") ?? 2)
        try reader.finish()
        return configuration
    }
}

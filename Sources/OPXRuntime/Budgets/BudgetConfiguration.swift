/// The `budgets` config section: spending limits in US dollars and the cost-spike rule.
///
/// ```json
/// "budgets": { "perInvestigationUsd": 2.5, "monthlyUsd": 500, "costSpikeFactor": 3, "costSpikeMinimumHistory": 5 }
/// ```
///
/// Crossing 80 % and 95 % of a limit appends `budget.threshold-crossed` and raises an alert. An investigation's
/// own `budgetUsd` (in `investigation.started`) overrides `perInvestigationUsd`. No limit, no threshold events.
package struct BudgetConfiguration: Sendable, Hashable, Decodable {
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

    /// Decodes the section, rejecting unknown keys and non-positive amounts.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.rejectUnknownKeys(["perInvestigationUsd", "monthlyUsd", "costSpikeFactor", "costSpikeMinimumHistory"])
        perInvestigationUsd = c.contains(ConfigKey("perInvestigationUsd")) ? try c.positive("perInvestigationUsd", default: 1) : nil
        monthlyUsd = c.contains(ConfigKey("monthlyUsd")) ? try c.positive("monthlyUsd", default: 1) : nil
        costSpikeFactor = try c.positive("costSpikeFactor", default: 3)
        costSpikeMinimumHistory = Int(try c.positive("costSpikeMinimumHistory", default: 5))
    }

    /// Loads the `budgets` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``ConfigError`` naming the key path of a bad value.
    package static func load(fromConfigFile path: String?) throws -> BudgetConfiguration {
        try ConfigSection.load(BudgetConfiguration.self, key: "budgets", fromConfigFile: path) ?? BudgetConfiguration()
    }
}

/// The `alerts` config section: deduplication, rate limit, webhook.
///
/// ```json
/// "alerts": { "dedupWindowSeconds": 300, "maxPerHour": 20, "webhookUrl": "https://hooks.example.com/opx", "webhookTimeoutSeconds": 2 }
/// ```
package struct AlertConfiguration: Sendable, Hashable, Decodable {
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

    /// Decodes the section, rejecting unknown keys and bad values.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.rejectUnknownKeys(["dedupWindowSeconds", "maxPerHour", "webhookUrl", "webhookTimeoutSeconds"])
        dedupWindowSeconds = try c.positive("dedupWindowSeconds", default: 300)
        maxPerHour = Int(try c.positive("maxPerHour", default: 20))
        webhookUrl = try c.value("webhookUrl", default: nil)
        if let url = webhookUrl, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw DecodingError.dataCorruptedError(forKey: ConfigKey("webhookUrl"), in: c, debugDescription: "must be an http:// or https:// URL")
        }
        webhookTimeoutSeconds = try c.positive("webhookTimeoutSeconds", default: 2)
    }

    /// Loads the `alerts` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``ConfigError`` naming the key path of a bad value.
    package static func load(fromConfigFile path: String?) throws -> AlertConfiguration {
        try ConfigSection.load(AlertConfiguration.self, key: "alerts", fromConfigFile: path) ?? AlertConfiguration()
    }
}

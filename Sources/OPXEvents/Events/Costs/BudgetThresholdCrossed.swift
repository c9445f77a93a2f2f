package import Foundation

/// Spending crossed 80 % or 95 % of a budget.
///
/// `investigationId` is set for ``Scope/investigation`` budgets, `period` (`YYYY-MM`) for ``Scope/monthly`` ones.
package struct BudgetThresholdCrossed: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `budget.threshold-crossed`.
    package static let eventType = EventType(unchecked: "budget.threshold-crossed")
    /// The schema version these fields follow (`Schemas/events/budget.threshold-crossed/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// Which budget.
    package var scope: Scope
    /// The investigation, for investigation budgets.
    package var investigationId: EntityID?
    /// The month, `YYYY-MM`, for monthly budgets.
    package var period: String?
    /// The fraction crossed.
    package var threshold: Threshold
    /// Spent so far in US dollars.
    package var spentUsd: Decimal
    /// The budget in US dollars.
    package var limitUsd: Decimal

    /// Creates the event; optional fields default to absent.
    package init(scope: Scope, investigationId: EntityID? = nil, period: String? = nil, threshold: Threshold,
                 spentUsd: Decimal, limitUsd: Decimal) {
        self.scope = scope
        self.investigationId = investigationId
        self.period = period
        self.threshold = threshold
        self.spentUsd = spentUsd
        self.limitUsd = limitUsd
    }

    /// Which budget.
    package enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// One investigation's budget.
        case investigation
        /// The monthly budget.
        case monthly
    }

    /// A fraction of a budget that raises an alert.
    package enum Threshold: Double, Sendable, Hashable, Codable, CaseIterable {
        /// 80 %.
        case eightyPercent = 0.8
        /// 95 %.
        case ninetyFivePercent = 0.95
    }
}

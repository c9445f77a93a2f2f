package import OPXEvents

/// Watches spending after each recorded `usage.recorded`: budget thresholds, cost spikes, alerts.
///
/// The engine appends what it returns (`budget.threshold-crossed`, `alert.raised`, `alert.suppressed`) right after
/// the usage event, so budgets are themselves part of the replayable log.
package protocol SpendingWatch: Sendable {
    /// The events that recording `usage` for `investigationId` at `time` causes.
    func events(after usage: UsageRecorded, investigationId: EntityID, at time: Timestamp) async throws -> [ProposedEvent]
}

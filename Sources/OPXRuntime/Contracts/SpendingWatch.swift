package import OPXEvents

/// Watches spending after each recorded `usage.recorded`: budget thresholds, cost spikes, alerts.
///
/// The engine appends what ``events(after:investigationId:at:)`` returns (`budget.threshold-crossed`,
/// `alert.raised`, `alert.suppressed`) in the same batch as the usage event, so budgets are themselves part of the
/// replayable log, and only once that batch is durable calls ``announce(_:)``: an alert is never announced that the
/// log does not hold.
package protocol SpendingWatch: Sendable {
    /// The events that recording `usage` for `investigationId` at `time` causes, and the alerts among them to
    /// announce once they are durable.
    func events(after usage: UsageRecorded, investigationId: EntityID, at time: Timestamp) async throws -> SpendingEvents

    /// Announces raised alerts (e.g. to a webhook). Called only after the events recording them are durable;
    /// failures are the watch's to report, never the caller's.
    func announce(_ alerts: [AlertRaised]) async
}

/// What one recorded usage causes: the events to append with it, and the raised alerts to announce after.
package struct SpendingEvents: Sendable {
    /// The events to append right after the usage, in order.
    package var events: [ProposedEvent]
    /// The raised (not suppressed) alerts among `events`.
    package var raised: [AlertRaised]

    /// Events and the alerts to announce.
    package init(events: [ProposedEvent] = [], raised: [AlertRaised] = []) {
        self.events = events
        self.raised = raised
    }
}

import Crypto
package import OPXEventLog
package import OPXEvents
import OPXStorage

/// Decides whether an alert is raised or suppressed: deduplicated (same severity, message and investigation within
/// the window) or rate-limited (more than the hourly maximum), and builds the event that records it.
///
/// Its memory of recent alerts is seeded from the log the first time it is used (the `alert.raised` events of the
/// last hour), so a restarted process dedupes against what it raised before.
package final class AlertGate: Sendable {
    /// The configuration.
    package let configuration: AlertConfiguration
    private let log: EventLog
    private let recent = Locked<[Raised]?>(nil)

    /// One raised alert remembered for dedupe and rate limits.
    struct Raised: Sendable {
        var alertId: EntityID
        var dedupKey: String
        var at: Timestamp
    }

    /// Creates a gate over `log`.
    package init(log: EventLog, configuration: AlertConfiguration) {
        self.log = log
        self.configuration = configuration
    }

    /// What to record for an alert at `time`: `alert.raised`, or `alert.suppressed` with the reason.
    ///
    /// - Returns: The event, and the raised alert (`nil` when suppressed) for webhook delivery.
    /// - Throws: Log read errors while seeding.
    package func decide(kind: AlertKind, severity: AlertSeverity, message: String, investigationId: EntityID?,
                        at time: Timestamp) throws -> (event: ProposedEvent, raised: AlertRaised?) {
        try seedIfNeeded(before: time)
        let text = Text.clip(message, 1024)
        let key = Self.dedupKey(severity: severity, message: text, investigationId: investigationId)
        let windowStart = Timestamp(nanoseconds: time.nanoseconds - Int64(configuration.dedupWindowSeconds * 1e9))
        let hourStart = Timestamp(nanoseconds: time.nanoseconds - 3_600_000_000_000)
        let keepSince = min(windowStart, hourStart)
        let outcome = recent.withLock { state -> (AlertSuppressed.Reason?, EntityID?, EntityID) in
            var raised = (state ?? []).filter { $0.at >= keepSince }
            defer { state = raised }
            if let duplicate = raised.last(where: { $0.dedupKey == key && $0.at >= windowStart }) {
                return (.deduplicated, duplicate.alertId, duplicate.alertId)
            }
            if raised.filter({ $0.at > hourStart }).count >= configuration.maxPerHour { return (.rateLimited, nil, EntityID.random()) }
            let id = EntityID(digest: SHA256.hash(data: Array("\(key)\u{0}\(time.nanoseconds)".utf8)))
            raised.append(Raised(alertId: id, dedupKey: key, at: time))
            return (nil, nil, id)
        }
        if let reason = outcome.0 {
            let suppressed = AlertSuppressed(dedupKey: key, reason: reason, kind: kind, severity: severity, message: text,
                                             investigationId: investigationId, duplicateOf: outcome.1)
            return (try ProposedEvent(suppressed), nil)
        }
        let raised = AlertRaised(alertId: outcome.2, kind: kind, severity: severity, message: text, dedupKey: key,
                                 investigationId: investigationId, webhook: configuration.webhookUrl != nil ? true : nil)
        return (try ProposedEvent(raised), raised)
    }

    /// The dedupe key: severity, message and investigation (cut to the schema's 256 characters with a digest).
    static func dedupKey(severity: AlertSeverity, message: String, investigationId: EntityID?) -> String {
        let key = "\(severity.rawValue)|\(investigationId?.description ?? "-")|\(message)"
        guard key.count > 256 else { return key }
        return String(key.prefix(219)) + "#" + EntityID(digest: SHA256.hash(data: Array(key.utf8))).description
    }

    /// Reads the `alert.raised` events of the hour (or dedupe window, if longer) before `time`, at most 20,000
    /// events back.
    private func seedIfNeeded(before time: Timestamp) throws {
        guard recent.withLock({ $0 == nil }) else { return }
        let hourStart = time.nanoseconds - Int64(max(3600, configuration.dedupWindowSeconds) * 1e9)
        var seeded: [Raised] = []
        try log.walkBackward(maxEvents: 20_000) { event in
            guard event.recordedAt.nanoseconds >= hourStart else { return false }
            if event.type == AlertRaised.eventType, let alert = try? AlertRaised(jsonPayload: event.json) {
                seeded.append(Raised(alertId: alert.alertId, dedupKey: alert.dedupKey, at: event.recordedAt))
            }
            return true
        }
        recent.withLock { state in if state == nil { state = seeded.reversed() } }
    }
}

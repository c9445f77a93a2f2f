package import Foundation
package import OPXEvents

/// How an investigation ended (or stands, when it has not ended).
package struct InvestigationOutcome: Sendable, Hashable {
    /// The investigation.
    package var investigationId: EntityID
    /// `completed`, `degraded`, `failed`, or `running` when it has not ended.
    package var status: String
    /// The consensus document, when one was reached.
    package var consensus: JSONObject?
    /// `sha256:` of the consensus document.
    package var consensusDigest: String?
    /// Total cost in US dollars.
    package var costUsd: Decimal
    /// Agents without a validated output.
    package var failedAgents: [AgentName]
    /// Why it failed, when it did.
    package var failure: String?

    /// The outcome a history records.
    package init(_ history: InvestigationHistory) {
        investigationId = history.investigationId
        costUsd = history.totals.costUsd
        consensus = history.consensus?.output
        consensusDigest = history.consensus?.outputDigest
        switch history.ending {
        case .completed(let completed)?:
            status = completed.status.rawValue
            failedAgents = completed.failedAgents
            failure = nil
        case .failed(let failed)?:
            status = "failed"
            failedAgents = failed.failedAgents
            failure = "\(failed.reason.rawValue): \(failed.message ?? "")"
        case nil:
            status = "running"
            failedAgents = history.steps.values.compactMap { $0.finalFailure?.agent }.sorted()
            failure = nil
        }
    }
}

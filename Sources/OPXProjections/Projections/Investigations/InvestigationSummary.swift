package import OPXEvents

/// The state of one investigation, folded from its own stream only (so time travel, which folds
/// just that stream, gives exactly what the full fold holds).
///
/// Large documents (agent outputs, validation errors) are not here but in detail rows; the summary
/// carries their digests.
package struct InvestigationSummary: ProjectionRow, Hashable {
    package var id: String
    package var incidentId: String?
    package var trigger: String?
    package var requestedBy: String?
    package var budgetUsd: Double?
    package var forkedFrom: Fork?
    /// `running`, `completed`, `degraded` (completed without some agents) or `failed`.
    package var status = "running"
    package var startedAt: Timestamp?
    package var updatedAt: Timestamp?
    package var endedAt: Timestamp?
    package var failure: Failure?
    package var failedAgents: [String] = []
    /// Each agent's state by name. The investigations projection stores them apart (`agent/<id>/<name>`):
    /// read summaries with ``InvestigationsProjection/summary(_:in:)`` or ``InvestigationsProjection/summaries(in:)``.
    package var agents: [String: AgentState] = [:]
    package var consensus: Consensus?
    package var review: Review?
    package var budget: Budget?
    /// Validation stage results: `passed`, `failed`.
    package var validations = Counts()
    /// Guardrail violations by action: `blocked`, `redacted`, `warned`.
    package var guardrailViolations = Counts()
    package var usage = UsageTotals()
    package var resumes: Int64 = 0
    /// Completed graph steps (checkpoints) so far.
    package var steps: Int64 = 0
    /// Events folded.
    package var events: Int64 = 0
    package var firstPosition: Int64?
    package var lastPosition: Int64?
    package var revision: Int64?

    package init(id: String) { self.id = id }

    /// Where a forked investigation came from.
    package struct Fork: ProjectionRow, Hashable {
        package var investigationId: String
        package var step: String
        package var position: Int64
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("investigationId", investigationId)
                e.field("position", position)
                e.field("step", step)
            }
        }
        package init(investigationId: String, step: String, position: Int64) {
            self.investigationId = investigationId
            self.step = step
            self.position = position
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            investigationId = try d.string("investigationId")
            position = d.int("position", default: 0)
            step = try d.string("step")
        }
    }

    /// Why the investigation failed.
    package struct Failure: ProjectionRow, Hashable {
        package var reason: String
        package var message: String?
        package var step: String?
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("message", message)
                e.field("reason", reason)
                e.field("step", step)
            }
        }
        package init(reason: String, message: String?, step: String?) {
            self.reason = reason
            self.message = message
            self.step = step
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            message = d.optionalString("message")
            reason = try d.string("reason")
            step = d.optionalString("step")
        }
    }

    /// The consensus step's result, in brief (the document is a detail row).
    package struct Consensus: ProjectionRow, Hashable {
        package var outputDigest: String
        package var degraded: Bool
        package var confidence: Double?
        package var summary: String?
        package var action: String?
        package var risk: String?
        package var position: Int64
        package var at: Timestamp
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("action", action)
                e.field("at", at)
                e.field("confidence", confidence)
                e.field("degraded", degraded)
                e.field("outputDigest", outputDigest)
                e.field("position", position)
                e.field("risk", risk)
                e.field("summary", summary)
            }
        }
        package init(outputDigest: String, degraded: Bool, confidence: Double?, summary: String?, action: String?,
                     risk: String?, position: Int64, at: Timestamp) {
            self.outputDigest = outputDigest
            self.degraded = degraded
            self.confidence = confidence
            self.summary = summary
            self.action = action
            self.risk = risk
            self.position = position
            self.at = at
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            action = d.optionalString("action")
            at = try d.time("at")
            confidence = d.optionalDouble("confidence")
            degraded = d.bool("degraded")
            outputDigest = try d.string("outputDigest")
            position = d.int("position", default: 0)
            risk = d.optionalString("risk")
            summary = d.optionalString("summary")
        }
    }

    /// The human review of the recommendation.
    package struct Review: ProjectionRow, Hashable {
        package var decision: String
        package var reviewer: String
        package var note: String?
        package var at: Timestamp
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("at", at)
                e.field("decision", decision)
                e.field("note", note)
                e.field("reviewer", reviewer)
            }
        }
        package init(decision: String, reviewer: String, note: String?, at: Timestamp) {
            self.decision = decision
            self.reviewer = reviewer
            self.note = note
            self.at = at
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            at = try d.time("at")
            decision = try d.string("decision")
            note = d.optionalString("note")
            reviewer = try d.string("reviewer")
        }
    }

    /// The last budget threshold crossed for this investigation.
    package struct Budget: ProjectionRow, Hashable {
        package var threshold: Double
        package var spentUsd: Double
        package var limitUsd: Double
        package var at: Timestamp
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("at", at)
                e.field("limitUsd", limitUsd)
                e.field("spentUsd", spentUsd)
                e.field("threshold", threshold)
            }
        }
        package init(threshold: Double, spentUsd: Double, limitUsd: Double, at: Timestamp) {
            self.threshold = threshold
            self.spentUsd = spentUsd
            self.limitUsd = limitUsd
            self.at = at
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            at = try d.time("at")
            limitUsd = d.double("limitUsd")
            spentUsd = d.double("spentUsd")
            threshold = d.double("threshold")
        }
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agents", map: agents)
            e.field("budget", budget)
            e.field("budgetUsd", budgetUsd)
            e.field("consensus", consensus)
            e.field("endedAt", endedAt)
            e.field("events", events)
            e.field("failedAgents", failedAgents)
            e.field("failure", failure)
            e.field("firstPosition", firstPosition)
            e.field("forkedFrom", forkedFrom)
            e.field("guardrailViolations", guardrailViolations)
            e.field("id", id)
            e.field("incidentId", incidentId)
            e.field("lastPosition", lastPosition)
            e.field("requestedBy", requestedBy)
            e.field("resumes", resumes)
            e.field("review", review)
            e.field("revision", revision)
            e.field("startedAt", startedAt)
            e.field("status", status)
            e.field("steps", steps)
            e.field("trigger", trigger)
            e.field("updatedAt", updatedAt)
            e.field("usage", usage)
            e.field("validations", validations)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        agents = try d.map("agents", as: AgentState.self)
        budget = try d.row("budget", as: Budget.self)
        budgetUsd = d.optionalDouble("budgetUsd")
        consensus = try d.row("consensus", as: Consensus.self)
        endedAt = d.optionalTime("endedAt")
        events = d.int("events", default: 0)
        failedAgents = d.strings("failedAgents")
        failure = try d.row("failure", as: Failure.self)
        firstPosition = d.optionalInt("firstPosition")
        forkedFrom = try d.row("forkedFrom", as: Fork.self)
        guardrailViolations = try d.row("guardrailViolations", as: Counts.self) ?? Counts()
        id = try d.string("id")
        incidentId = d.optionalString("incidentId")
        lastPosition = d.optionalInt("lastPosition")
        requestedBy = d.optionalString("requestedBy")
        resumes = d.int("resumes", default: 0)
        review = try d.row("review", as: Review.self)
        revision = d.optionalInt("revision")
        startedAt = d.optionalTime("startedAt")
        status = try d.string("status")
        steps = d.int("steps", default: 0)
        trigger = d.optionalString("trigger")
        updatedAt = d.optionalTime("updatedAt")
        usage = try d.row("usage", as: UsageTotals.self) ?? UsageTotals()
        validations = try d.row("validations", as: Counts.self) ?? Counts()
    }
}

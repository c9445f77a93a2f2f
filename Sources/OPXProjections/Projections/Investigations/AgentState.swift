package import OPXEvents

/// One agent of an investigation, as its events left it.
package struct AgentState: ProjectionRow, Hashable {
    /// `pending` (planned), `running`, `retrying` (an attempt failed, another follows), `succeeded`, `failed`.
    package var status = "pending"
    /// The graph step it runs as.
    package var step: String?
    /// Attempts started.
    package var attempts: Int64 = 0
    /// When its first attempt was invoked.
    package var startedAt: Timestamp?
    /// When its latest attempt was invoked.
    package var invokedAt: Timestamp?
    /// When it succeeded or finally failed.
    package var finishedAt: Timestamp?
    /// How it runs (`builtin`, `subprocess`, `http`).
    package var runner: String?
    /// The model it last used.
    package var model: String?
    /// Digest of its recorded (validated) output.
    package var outputDigest: String?
    /// Log position of that output.
    package var outputPosition: Int64?
    /// Why its last attempt failed.
    package var failure: Failure?
    /// Validation stage results: `passed`, `failed` (each result with its errors is a detail row).
    package var validations = Counts()
    /// The latest validation result.
    package var lastValidation: ValidationResult?
    /// Guardrail violations found in its attempts.
    package var guardrailViolations: Int64 = 0
    /// Tokens and cost of its model calls.
    package var usage = UsageTotals()

    package init() {}

    /// Why an attempt failed.
    package struct Failure: ProjectionRow, Hashable {
        package var reason: String
        package var message: String?
        package var attempt: Int64

        package init(reason: String, message: String?, attempt: Int64) {
            self.reason = reason
            self.message = message
            self.attempt = attempt
        }

        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("attempt", attempt)
                e.field("message", message)
                e.field("reason", reason)
            }
        }

        package init(row d: RowDecoder) throws(RowDecodingError) {
            attempt = d.int("attempt", default: 0)
            message = d.optionalString("message")
            reason = try d.string("reason")
        }
    }

    /// One validation stage of one attempt.
    package struct ValidationResult: ProjectionRow, Hashable {
        package var attempt: Int64
        package var stage: String
        package var passed: Bool
        package var errors: Int64

        package init(attempt: Int64, stage: String, passed: Bool, errors: Int64) {
            self.attempt = attempt
            self.stage = stage
            self.passed = passed
            self.errors = errors
        }

        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("attempt", attempt)
                e.field("errors", errors)
                e.field("passed", passed)
                e.field("stage", stage)
            }
        }

        package init(row d: RowDecoder) throws(RowDecodingError) {
            attempt = d.int("attempt", default: 0)
            errors = d.int("errors", default: 0)
            passed = d.bool("passed")
            stage = try d.string("stage")
        }
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("attempts", attempts)
            e.field("failure", failure)
            e.field("finishedAt", finishedAt)
            e.field("guardrailViolations", guardrailViolations)
            e.field("invokedAt", invokedAt)
            e.field("lastValidation", lastValidation)
            e.field("model", model)
            e.field("outputDigest", outputDigest)
            e.field("outputPosition", outputPosition)
            e.field("runner", runner)
            e.field("startedAt", startedAt)
            e.field("status", status)
            e.field("step", step)
            e.field("usage", usage)
            e.field("validations", validations)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        attempts = d.int("attempts", default: 0)
        failure = try d.row("failure", as: Failure.self)
        finishedAt = d.optionalTime("finishedAt")
        guardrailViolations = d.int("guardrailViolations", default: 0)
        invokedAt = d.optionalTime("invokedAt")
        lastValidation = try d.row("lastValidation", as: ValidationResult.self)
        model = d.optionalString("model")
        outputDigest = d.optionalString("outputDigest")
        outputPosition = d.optionalInt("outputPosition")
        runner = d.optionalString("runner")
        startedAt = d.optionalTime("startedAt")
        status = try d.string("status")
        step = d.optionalString("step")
        usage = try d.row("usage", as: UsageTotals.self) ?? UsageTotals()
        validations = try d.row("validations", as: Counts.self) ?? Counts()
    }
}

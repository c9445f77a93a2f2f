/// One thing wrong in an export file.
package struct ExportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the file it is at.
    package let line: Int
    /// What is wrong.
    package let message: String

    package var description: String { "line \(line): \(message)" }
}

/// The outcome of verifying an export offline (``ExportVerifier``).
package struct ExportVerificationReport: Sendable, Hashable {
    /// The format recognised.
    package var format: ExportFormat?
    /// Events (or spans) checked.
    package var events: UInt64 = 0
    /// The summary, when it was readable and its own hash matched.
    package var summary: ExportSummary?
    /// Problems in line order (at most ``maximumProblems``); empty when the export verified.
    package var problems: [ExportProblem] = []
    /// Problems beyond those listed.
    package var omittedProblems = 0

    /// How many problems are listed.
    package static let maximumProblems = 50

    /// True when nothing is wrong.
    package var isValid: Bool { problems.isEmpty && omittedProblems == 0 }

    /// The first bad line, when any.
    package var firstProblem: ExportProblem? { problems.first }

    mutating func report(_ line: Int, _ message: String) {
        if problems.count < Self.maximumProblems {
            problems.append(ExportProblem(line: line, message: message))
        } else {
            omittedProblems += 1
        }
    }
}

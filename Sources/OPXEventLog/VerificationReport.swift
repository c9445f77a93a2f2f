package import OPXEvents
import OPXStorage

/// One thing `verify` found wrong.
package struct VerificationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The log position involved, when the problem is at one.
    package let position: UInt64?
    /// What is wrong.
    package let message: String

    package var description: String {
        position.map { "position \($0): \(message)" } ?? message
    }
}

/// The outcome of ``EventLog/verify(progress:)``.
package struct VerificationReport: Sendable, Hashable {
    /// Records checked.
    package var events: UInt64 = 0
    /// Streams seen.
    package var streams: Int = 0
    /// The last position and its hash as recomputed.
    package var lastPosition: UInt64 = 0
    /// The chain hash at `lastPosition`.
    package var headHash: EventHash = .genesis
    /// Problems in log order (at most ``maximumProblems``); empty when the log verified.
    package var problems: [VerificationProblem] = []
    /// Problems beyond those listed.
    package var omittedProblems = 0

    /// How many problems are listed.
    package static let maximumProblems = 50

    /// True when nothing is wrong.
    package var isValid: Bool { problems.isEmpty }

    package mutating func report(_ position: UInt64?, _ message: String) {
        if problems.count < Self.maximumProblems {
            problems.append(VerificationProblem(position: position, message: message))
        } else {
            omittedProblems += 1
        }
    }
}

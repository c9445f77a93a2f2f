package import OPXEvents

/// The one error type of `OPXEventLog`.
///
/// `description` names the event id, stream, type and position involved, never payload bytes.
package struct EventLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Code: Sendable, Hashable {
        /// The stream was not at the expected revision (`actual` nil: the stream has no events).
        case wrongExpectedRevision(stream: StreamID, expected: ExpectedRevision, actual: UInt64?)
        /// An event id was appended before with a different body, or a retried batch does not match.
        case idConflict(id: EventID, position: LogPosition)
        /// A batch or event exceeds a limit; nothing was written.
        case limitExceeded
        /// The batch itself is malformed (empty, duplicate ids); nothing was written.
        case invalidBatch
        /// The store's bytes are not what the log wrote (reported by reads and verify).
        case corrupt(position: LogPosition)
        /// The store is not an opx log, or of an unknown format.
        case unsupportedFormat
        /// The log is behind the head recorded in the sidecar: committed events were lost.
        case truncated(logHead: LogPosition, recordedHead: LogPosition)
        /// A position or revision beyond the end of the log or stream.
        case outOfRange
    }

    /// What went wrong.
    package let code: Code
    /// The full message, saying what was wrong, where, and how to fix it.
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    static func wrongExpectedRevision(_ stream: StreamID, expected: ExpectedRevision, actual: UInt64?) -> EventLogError {
        let found = actual.map { "it is at revision \($0)" } ?? "it has no events"
        return EventLogError(.wrongExpectedRevision(stream: stream, expected: expected, actual: actual),
                             "append to \(stream) expected \(expected), but \(found); read the stream and retry with --expected \(actual.map(String.init) ?? "no-stream")")
    }
}

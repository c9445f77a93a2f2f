package import OPXEvents

/// One stream's part of an atomic append to several streams (``EventLog/append(_:)``).
package struct StreamAppend: Sendable {
    /// The stream appended to.
    package let stream: StreamID
    /// The revision the stream must be at before this batch (after the earlier batches of the same call).
    package let expected: ExpectedRevision
    /// The events, in order.
    package let events: [ProposedEvent]

    /// A batch of `events` for `stream`.
    package init(stream: StreamID, expected: ExpectedRevision = .any, events: [ProposedEvent]) {
        self.stream = stream
        self.expected = expected
        self.events = events
    }
}

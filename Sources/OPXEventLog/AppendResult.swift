package import OPXEvents

/// What a durable append reports: where its events are and the chain head after its last event.
package struct AppendResult: Sendable, Hashable, Codable {
    /// Position of the batch's first event.
    package let firstPosition: UInt64
    /// Position of the batch's last event.
    package let lastPosition: UInt64
    /// Hash of the record at `lastPosition`.
    package let headHash: String
    /// Stream revision of the batch's last event.
    package let nextExpectedRevision: UInt64
    /// True when every event id was appended before: nothing new was written, the original
    /// positions are returned (an idempotent retry).
    package let duplicate: Bool

    package init(firstPosition: UInt64, lastPosition: UInt64, headHash: EventHash, nextExpectedRevision: UInt64, duplicate: Bool) {
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
        self.headHash = headHash.description
        self.nextExpectedRevision = nextExpectedRevision
        self.duplicate = duplicate
    }
}

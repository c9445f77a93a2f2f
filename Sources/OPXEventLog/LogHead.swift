package import OPXEvents

/// The end of the log: its last position, that record's hash and time.
///
/// Read from the last record of the `events` database, so it can never disagree with the log.
package struct LogHead: Sendable, Hashable {
    /// The last position (0 for an empty log).
    package let position: LogPosition
    /// The hash of the last record (``EventHash/genesis`` for an empty log).
    package let hash: EventHash
    /// When the last record was recorded.
    package let recordedAt: Timestamp

    /// The head of an empty log.
    package static let empty = LogHead(position: .start, hash: .genesis, recordedAt: Timestamp(nanoseconds: 0))

    package init(position: LogPosition, hash: EventHash, recordedAt: Timestamp) {
        self.position = position
        self.hash = hash
        self.recordedAt = recordedAt
    }
}

package import OPXEvents

/// The end of the log: its last position, that record's hash and time.
///
/// Stored in `meta` under `head` (8 bytes big-endian position, 32 hash bytes, 8 bytes big-endian
/// recorded-at nanoseconds), in the same transaction as the records.
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

    static let key: [UInt8] = Array("head".utf8)

    var encoded: [UInt8] {
        var out = KeyLayout.bigEndian(position.rawValue)
        out.append(contentsOf: hash.bytes)
        out.append(contentsOf: KeyLayout.bigEndian(UInt64(bitPattern: recordedAt.nanoseconds)))
        return out
    }

    init?(encoded bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 48 else { return nil }
        position = LogPosition(KeyLayout.readBigEndian(bytes))
        hash = EventHash(bytes: UnsafeRawBufferPointer(rebasing: bytes[8..<40]))
        recordedAt = Timestamp(nanoseconds: Int64(bitPattern: KeyLayout.readBigEndian(bytes, at: 40)))
    }
}

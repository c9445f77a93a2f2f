package import OPXEvents

/// The byte layout of keys in the log's databases.
///
/// | database | key | value |
/// |---|---|---|
/// | `events` | position, 8 bytes big-endian (from 1) | the record (``RecordCodec``) |
/// | `index` (`MDB_DUPSORT`, `MDB_DUPFIXED`) | stream id bytes | one value per event of the stream: its position, 8 bytes big-endian |
/// | `index` | `0x00` then the event id, 16 bytes | the event's position, 8 bytes big-endian |
/// | `meta` | ASCII name (`format`) | the storage format, `opx-log/3` |
///
/// Big-endian numbers sort as they compare, so cursors walk positions in order, and `events` keys
/// can be put with `MDB_APPEND`. A stream's entries are the sorted duplicate values of one key, in
/// revision order: an event's revision is the index of its position among its stream's values
/// (revisions have no gaps), so it is not stored. A short stream's values sit packed inside its
/// key's leaf node (up to about 250), so appending to many small streams in one commit dirties few
/// pages. Event ids share the B-tree: stream ids never contain `0x00`, so the ids sort before every
/// stream, and a commit dirties one tree fewer.
package enum KeyLayout {
    /// The `events` key of `position`.
    @inline(__always)
    package static func position(_ position: UInt64) -> [UInt8] { bigEndian(position) }

    /// The `index` key of `stream`.
    package static func streamKey(_ stream: StreamID) -> [UInt8] { Array(stream.rawValue.utf8) }

    /// The first byte of every event-id key in `index`; stream keys never start with it.
    package static let eventIDPrefix: UInt8 = 0

    /// The `index` key of the event with `id`.
    package static func eventIDKey(_ id: EventID) -> [UInt8] {
        var key = [eventIDPrefix]
        key.reserveCapacity(1 + 16)
        id.withUnsafeBytes { key.append(contentsOf: $0) }
        return key
    }

    /// Whether an `index` key is an event-id key.
    @inline(__always)
    package static func isEventIDKey(_ key: UnsafeRawBufferPointer) -> Bool { key.first == eventIDPrefix }

    /// The size of an `index` value (a position).
    package static let indexValueSize = 8

    /// 8 bytes, big-endian.
    @inline(__always)
    package static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Reads 8 big-endian bytes at `offset`.
    @inline(__always)
    package static func readBigEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64 {
        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

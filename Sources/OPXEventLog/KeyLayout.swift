package import OPXEvents

/// The byte layout of keys in the log's databases.
///
/// | database | key | value |
/// |---|---|---|
/// | `events` | position, 8 bytes big-endian (from 1) | the record (``RecordCodec``) |
/// | `streams` (`MDB_DUPSORT`, `MDB_DUPFIXED`) | stream id bytes | one value per event: revision then position, 8 bytes big-endian each |
/// | `event-ids` | event id, 16 bytes | position, 8 bytes big-endian |
/// | `meta` | ASCII name (`format`) | the storage format, `opx-log/2` |
///
/// Big-endian numbers sort as they compare, so cursors walk positions and revisions in order,
/// and `events` keys can be put with `MDB_APPEND`. A stream's index entries are the sorted
/// duplicate values of one key: a short stream's values sit packed inside its key's leaf node, so
/// appending to many small streams in one commit dirties few pages (with a key per revision, each
/// stream's tail would be a page of its own).
package enum KeyLayout {
    /// The `events` key of `position`.
    @inline(__always)
    package static func position(_ position: UInt64) -> [UInt8] { bigEndian(position) }

    /// The `streams` key of `stream`.
    package static func streamKey(_ stream: StreamID) -> [UInt8] { Array(stream.rawValue.utf8) }

    /// The `streams` value of the event at `revision` of a stream, stored at `position`.
    package static func streamEntry(revision: UInt64, position: UInt64) -> [UInt8] {
        bigEndian(revision) + bigEndian(position)
    }

    /// The size of a `streams` value.
    package static let streamEntrySize = 16

    /// The revision and position of a `streams` value.
    @inline(__always)
    package static func readStreamEntry(_ value: UnsafeRawBufferPointer) -> (revision: UInt64, position: UInt64) {
        (readBigEndian(value), readBigEndian(value, at: 8))
    }

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

package import OPXEvents

/// The byte layout of keys in the log's databases.
///
/// | database | key | value |
/// |---|---|---|
/// | `events` | position, 8 bytes big-endian (from 1) | the record (``RecordCodec``) |
/// | `streams` | stream id bytes, `0x00`, revision 8 bytes big-endian | position, 8 bytes big-endian |
/// | `event-ids` | event id, 16 bytes | position, 8 bytes big-endian |
/// | `meta` | ASCII name (`format`) | the storage format, `opx-log/1` |
///
/// Big-endian numbers sort as they compare, so cursors walk positions and revisions in order,
/// and `events` keys can be put with `MDB_APPEND`. Stream ids never contain `0x00`, so one
/// stream's index keys are contiguous and ordered by revision.
package enum KeyLayout {
    /// The `events` key of `position`.
    @inline(__always)
    package static func position(_ position: UInt64) -> [UInt8] { bigEndian(position) }

    /// The `streams` key of `revision` in `stream`.
    package static func streamIndex(_ stream: StreamID, revision: UInt64) -> [UInt8] {
        var key = Array(stream.rawValue.utf8)
        key.append(0)
        key.append(contentsOf: bigEndian(revision))
        return key
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

import OPXEvents

/// The binary form of a record in the `events` database (format 1).
///
/// All integers little-endian; the position is the key, not part of the value.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | format (1) |
/// | 1 | 1 | flags: 1 correlation id, 2 causation id, 4 traceparent |
/// | 2 | 2 | schema version |
/// | 4 | 8 | stream revision |
/// | 12 | 8 | recorded-at, nanoseconds since the epoch |
/// | 20 | 16 | event id |
/// | 36 | 32 | previous record's hash |
/// | 68 | 32 | this record's hash |
/// | 100 | 2+2+2+4 | lengths of stream, type, source, data |
/// | 110 | … | stream, type, source, [correlation 16], [causation 16], [traceparent 55], data |
///
/// The hash is not computed over these bytes but over the record's canonical CloudEvents form
/// (``CloudEventForm``), so an exported event can be checked without knowing this layout.
package enum RecordCodec {
    static let format: UInt8 = 1
    static let headerSize = 110

    /// Where each header field starts (the table above).
    private enum Offset {
        static let flags = 1, schemaVersion = 2, revision = 4, recordedAt = 12, id = 20, previousHash = 36, hash = 68
        static let streamLength = 100, typeLength = 102, sourceLength = 104, dataLength = 106
    }

    /// The bits of the flags byte: which optional fields follow the source.
    private enum Flag {
        static let correlation: UInt8 = 1, causation: UInt8 = 2, traceparent: UInt8 = 4, all: UInt8 = 7
    }

    /// The sizes of the optional fields.
    private static let idSize = 16, traceparentSize = 55

    /// Encodes a record at the start of `out`, growing it when it is too short, and returns the record's length:
    /// the record is `out`'s first that many bytes (reuse one buffer for a run of records).
    static func encode(_ event: ProposedEvent, stream: StreamID, revision: UInt64, recordedAt: Timestamp,
                       previousHash: EventHash, hash: EventHash, into out: inout [UInt8]) -> Int {
        var stream = stream.rawValue, type = event.type.rawValue, source = event.source.rawValue
        var traceparent = event.traceparent?.rawValue
        let streamCount = stream.utf8.count, typeCount = type.utf8.count, sourceCount = source.utf8.count
        let optional = (event.correlationID == nil ? 0 : idSize) + (event.causationID == nil ? 0 : idSize) + (traceparent?.utf8.count ?? 0)
        let count = headerSize + streamCount + typeCount + sourceCount + optional + event.data.count
        ZeroBytes.ensure(count, in: &out)
        out.withUnsafeMutableBytes { buffer in
            let base = buffer.baseAddress!
            var flags: UInt8 = 0
            if event.correlationID != nil { flags |= Flag.correlation }
            if event.causationID != nil { flags |= Flag.causation }
            if traceparent != nil { flags |= Flag.traceparent }
            base.storeBytes(of: format, toByteOffset: 0, as: UInt8.self)
            base.storeBytes(of: flags, toByteOffset: Offset.flags, as: UInt8.self)
            base.storeBytes(of: UInt16(event.schemaVersion).littleEndian, toByteOffset: Offset.schemaVersion, as: UInt16.self)
            base.storeBytes(of: revision.littleEndian, toByteOffset: Offset.revision, as: UInt64.self)
            base.storeBytes(of: UInt64(bitPattern: recordedAt.nanoseconds).littleEndian, toByteOffset: Offset.recordedAt, as: UInt64.self)
            event.id.withUnsafeBytes { (base + Offset.id).copyMemory(from: $0.baseAddress!, byteCount: idSize) }
            previousHash.withUnsafeBytes { (base + Offset.previousHash).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            hash.withUnsafeBytes { (base + Offset.hash).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            base.storeBytes(of: UInt16(streamCount).littleEndian, toByteOffset: Offset.streamLength, as: UInt16.self)
            base.storeBytes(of: UInt16(typeCount).littleEndian, toByteOffset: Offset.typeLength, as: UInt16.self)
            base.storeBytes(of: UInt16(sourceCount).littleEndian, toByteOffset: Offset.sourceLength, as: UInt16.self)
            base.storeBytes(of: UInt32(event.data.count).littleEndian, toByteOffset: Offset.dataLength, as: UInt32.self)
            var next = base + headerSize
            func put(_ bytes: UnsafeRawBufferPointer) {
                if let from = bytes.baseAddress { next.copyMemory(from: from, byteCount: bytes.count) }
                next += bytes.count
            }
            stream.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            type.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            source.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            event.correlationID?.withUnsafeBytes { put($0) }
            event.causationID?.withUnsafeBytes { put($0) }
            traceparent?.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            event.data.withUnsafeBytes { put($0) }
        }
        return count
    }

    /// Calls `body` with a view of the record stored at `position`, or returns `nil` when the bytes
    /// are malformed (truncated, unknown format, lengths that do not add up).
    static func withFields<T>(position: UInt64, record: UnsafeRawBufferPointer,
                              _ body: (borrowing CloudEventFields, _ storedHash: EventHash) throws -> T) rethrows -> T? {
        let n = record.count
        guard n >= headerSize, record[0] == format else { return nil }
        let flags = record[Offset.flags]
        let streamLength = Int(UInt16(littleEndian: record.loadUnaligned(fromByteOffset: Offset.streamLength, as: UInt16.self)))
        let typeLength = Int(UInt16(littleEndian: record.loadUnaligned(fromByteOffset: Offset.typeLength, as: UInt16.self)))
        let sourceLength = Int(UInt16(littleEndian: record.loadUnaligned(fromByteOffset: Offset.sourceLength, as: UInt16.self)))
        let dataLength = Int(UInt32(littleEndian: record.loadUnaligned(fromByteOffset: Offset.dataLength, as: UInt32.self)))
        let optional = (flags & Flag.correlation != 0 ? idSize : 0) + (flags & Flag.causation != 0 ? idSize : 0)
            + (flags & Flag.traceparent != 0 ? traceparentSize : 0)
        guard flags & ~Flag.all == 0, headerSize + streamLength + typeLength + sourceLength + optional + dataLength == n else { return nil }
        var offset = headerSize
        func slice(_ count: Int) -> UnsafeRawBufferPointer {
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: record[offset..<(offset + count)])
        }
        let stream = slice(streamLength), type = slice(typeLength), source = slice(sourceLength)
        let correlation = flags & Flag.correlation != 0 ? eventID(slice(idSize)) : nil
        let causation = flags & Flag.causation != 0 ? eventID(slice(idSize)) : nil
        let traceparent = flags & Flag.traceparent != 0 ? slice(traceparentSize) : nil
        let data = slice(dataLength)
        let fields = CloudEventFields(
            position: position, stream: stream,
            revision: revision(record), id: id(record), type: type,
            schemaVersion: UInt16(littleEndian: record.loadUnaligned(fromByteOffset: Offset.schemaVersion, as: UInt16.self)),
            recordedAt: Timestamp(nanoseconds: Int64(littleEndian: record.loadUnaligned(fromByteOffset: Offset.recordedAt, as: Int64.self))),
            source: source, correlationID: correlation, causationID: causation, traceparent: traceparent, data: data,
            previousHash: hash(record, at: Offset.previousHash))
        return try body(fields, hash(record, at: Offset.hash))
    }

    /// Decodes the record stored at `position` into an owned value, or `nil` when malformed.
    static func decode(position: UInt64, record: UnsafeRawBufferPointer) -> RecordedEvent? {
        withFields(position: position, record: record) { fields, hash in
            RecordedEvent(position: LogPosition(position), stream: StreamID(unchecked: string(fields.stream)),
                          revision: fields.revision, id: fields.id, type: EventType(unchecked: string(fields.type)),
                          schemaVersion: fields.schemaVersion, recordedAt: fields.recordedAt,
                          source: EventSource(unchecked: string(fields.source)), correlationID: fields.correlationID,
                          causationID: fields.causationID, traceparent: fields.traceparent.map { Traceparent(unchecked: string($0)) },
                          data: Array(fields.data), previousHash: fields.previousHash, hash: hash)
        }
    }

    /// The stream id, revision and event id of a record without decoding the rest, or `nil` when malformed.
    static func identity(_ record: UnsafeRawBufferPointer) -> (stream: UnsafeRawBufferPointer, revision: UInt64, id: EventID)? {
        guard record.count >= headerSize, record[0] == format else { return nil }
        let streamLength = Int(UInt16(littleEndian: record.loadUnaligned(fromByteOffset: Offset.streamLength, as: UInt16.self)))
        guard headerSize + streamLength <= record.count else { return nil }
        return (UnsafeRawBufferPointer(rebasing: record[headerSize..<(headerSize + streamLength)]), revision(record), id(record))
    }

    private static func revision(_ record: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(littleEndian: record.loadUnaligned(fromByteOffset: Offset.revision, as: UInt64.self))
    }

    private static func id(_ record: UnsafeRawBufferPointer) -> EventID {
        eventID(UnsafeRawBufferPointer(rebasing: record[Offset.id..<(Offset.id + idSize)]))
    }

    /// The 32-byte hash stored at `offset`, read as four big-endian words (`EventHash(bytes:)` assembles
    /// each word byte by byte: two hashes per record read).
    @inline(__always)
    private static func hash(_ record: UnsafeRawBufferPointer, at offset: Int) -> EventHash {
        func word(_ i: Int) -> UInt64 { UInt64(bigEndian: record.loadUnaligned(fromByteOffset: offset + i * 8, as: UInt64.self)) }
        return EventHash(words: (word(0), word(1), word(2), word(3)))
    }

    private static func eventID(_ bytes: UnsafeRawBufferPointer) -> EventID {
        EventID(high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    private static func string(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
}

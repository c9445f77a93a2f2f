import OPXEvents
import OPXStorage

/// Writes records and their index entries inside an append's write transaction, chaining each record to the one
/// before it. One per append job; its buffers are reused from record to record.
struct RecordWriter {
    /// The last position written (the log head before the first write).
    private(set) var position: UInt64
    /// The hash of the record at ``position``.
    private(set) var previousHash: EventHash
    /// The records written, when inline observers need them.
    private(set) var recorded: [RecordedEvent] = []
    private let recordedAt: Timestamp
    private let keepRecorded: Bool
    private var hasher = ChainHasher()
    private var record: [UInt8] = []
    private var idKey = [UInt8](repeating: KeyLayout.eventIDPrefix, count: 17)

    init(position: UInt64, previousHash: EventHash, recordedAt: Timestamp, keepRecorded: Bool) {
        self.position = position
        self.previousHash = previousHash
        self.recordedAt = recordedAt
        self.keepRecorded = keepRecorded
    }

    /// Writes `events` to `stream` from `revision` at the next positions.
    mutating func write(_ events: [ProposedEvent], to stream: StreamID, from revision: UInt64,
                        _ txn: borrowing WriteTransaction, databases: EventLog.Databases) throws -> AppendResult {
        let streamKey = KeyLayout.streamKey(stream)
        let firstPosition = position + 1
        var revision = revision
        for event in events {
            position += 1
            let hash = event.withFields(position: position, stream: stream, revision: revision,
                                        recordedAt: recordedAt, previousHash: previousHash) { hasher.hash($0) }
            let recordSize = RecordCodec.encode(event, stream: stream, revision: revision, recordedAt: recordedAt,
                                                previousHash: previousHash, hash: hash, into: &record)
            event.id.withUnsafeBytes { id in
                idKey.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: id.baseAddress!, byteCount: 16) }
            }
            try withUnsafeBytes(of: position.bigEndian) { positionKey in
                try record.withUnsafeBytes { try txn.put(databases.events, key: positionKey, value: UnsafeRawBufferPointer(rebasing: $0[..<recordSize]), flags: .append) }
                try streamKey.withUnsafeBytes { try txn.put(databases.index, key: $0, value: positionKey, flags: .appendDuplicate) }
                // An id appended before: the batch's first id was checked (an idempotent retry returns before
                // anything is written), so this is a later one. The put writes nothing then; the job throws and the
                // writer rolls back what it wrote.
                guard try idKey.withUnsafeBytes({ try txn.putIfAbsent(databases.index, key: $0, value: positionKey) }) else {
                    let earlier = try idKey.withUnsafeBytes { try txn.get(databases.index, key: $0) }.map { KeyLayout.readBigEndian($0) }
                    throw EventLog.idConflict(event, at: earlier, "was appended before, but the first event of this batch was not: a batch is retried whole or not at all")
                }
            }
            if keepRecorded {
                recorded.append(RecordedEvent(
                    position: LogPosition(position), stream: stream, revision: revision, id: event.id, type: event.type,
                    schemaVersion: event.schemaVersion, recordedAt: recordedAt, source: event.source,
                    correlationID: event.correlationID, causationID: event.causationID, traceparent: event.traceparent,
                    data: event.data, previousHash: previousHash, hash: hash))
            }
            previousHash = hash
            revision += 1
        }
        return AppendResult(firstPosition: firstPosition, lastPosition: position, headHash: previousHash,
                            nextExpectedRevision: revision - 1, duplicate: false)
    }
}

package import OPXEvents
import OPXStorage

extension EventLog {
    /// Appends `events` to `stream` atomically, once durable.
    ///
    /// - All or nothing: the batch lands at contiguous positions in order, or not at all.
    /// - Optimistic concurrency: `expected` is checked against the stream's last revision.
    /// - Idempotent by event id: if every id was appended before with the same body, nothing is
    ///   written and the original positions and head hash are returned (`duplicate` is true).
    /// - Returns after the commit that holds the events is durable on disk.
    ///
    /// - Throws: ``EventLogError`` (limits, empty or malformed batch, wrong expected revision,
    ///   an id reused with a different body) before anything is written; ``StorageError`` when the
    ///   commit fails (then the outcome is unknown: retry with the same ids).
    package func append(to stream: StreamID, expected: ExpectedRevision = .any, events: [ProposedEvent]) async throws -> AppendResult {
        try checkLimits(events)
        try validate(events)
        let databases = self.databases, clock = self.clock
        let observers = inlineObservers.withLock { $0 }
        var hash = EventHash.genesis
        let outcome = try await environment.write(weight: events.reduce(0) { $0 + $1.data.count + 256 }) { txn in
            try Self.appendJob(txn, databases: databases, stream: stream, expected: expected, events: events, clock: clock,
                               observers: observers)
        }
        hash = outcome.hash
        if !outcome.result.duplicate { committed(outcome.result, hash: hash) }
        if stream == Self.schemasStream, registry != nil { try loadRegisteredSchemas() }
        return outcome.result
    }

    private func checkLimits(_ events: [ProposedEvent]) throws {
        guard !events.isEmpty else { throw EventLogError(.invalidBatch, "an append needs at least one event") }
        guard events.count <= limits.maxEventsPerBatch else {
            throw EventLogError(.limitExceeded, "batch has \(events.count) events; the limit is \(limits.maxEventsPerBatch): split it into smaller batches")
        }
        var total = 0
        var seen = Set<EventID>(minimumCapacity: events.count)
        for (index, event) in events.enumerated() {
            guard event.data.count <= limits.maxEventBytes else {
                throw EventLogError(.limitExceeded, "event \(index) (\(event.type), id \(event.id)) has a \(event.data.count)-byte payload; the limit is \(limits.maxEventBytes) bytes")
            }
            guard seen.insert(event.id).inserted else {
                throw EventLogError(.invalidBatch, "event \(index) (\(event.type)) repeats id \(event.id) of an earlier event in the same batch; give every event its own id")
            }
            total += event.data.count
        }
        guard total <= limits.maxBatchBytes else {
            throw EventLogError(.limitExceeded, "batch payloads total \(total) bytes; the limit is \(limits.maxBatchBytes): split it into smaller batches")
        }
    }

    private struct Outcome: Sendable {
        let result: AppendResult
        let hash: EventHash
    }

    /// The write job: checks, then writes. It throws only before its first put (or with a storage error).
    private static func appendJob(_ txn: borrowing WriteTransaction, databases: Databases, stream: StreamID,
                                  expected: ExpectedRevision, events: [ProposedEvent],
                                  clock: @Sendable () -> Timestamp, observers: [any InlineAppendObserver]) throws -> Outcome {
        if let retried = try previousAppend(txn, databases: databases, stream: stream, events: events) {
            return retried
        }
        let current = try EventLog.head(of: stream, in: txn, index: databases.index)?.revision
        guard expected.isSatisfied(by: current) else {
            throw EventLogError.wrongExpectedRevision(stream, expected: expected, actual: current)
        }
        let head = try EventLog.head(in: txn, events: databases.events)
        var position = head.position.rawValue
        var previousHash = head.hash
        var revision = current.map { $0 + 1 } ?? 0
        let now = clock()
        let recordedAt = now > head.recordedAt ? now : head.recordedAt
        var hasher = ChainHasher()
        var record: [UInt8] = []
        let streamKey = KeyLayout.streamKey(stream)
        var idKey = [UInt8](repeating: KeyLayout.eventIDPrefix, count: 17)
        let firstPosition = position + 1
        var recorded: [RecordedEvent] = []
        for event in events {
            position += 1
            let hash = event.withFields(position: position, stream: stream, revision: revision,
                                        recordedAt: recordedAt, previousHash: previousHash) { hasher.hash($0) }
            RecordCodec.encode(event, stream: stream, revision: revision, recordedAt: recordedAt,
                               previousHash: previousHash, hash: hash, into: &record)
            event.id.withUnsafeBytes { id in
                idKey.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: id.baseAddress!, byteCount: 16) }
            }
            try withUnsafeBytes(of: position.bigEndian) { positionKey in
                try record.withUnsafeBytes { try txn.put(databases.events, key: positionKey, value: $0, flags: .append) }
                try streamKey.withUnsafeBytes { try txn.put(databases.index, key: $0, value: positionKey, flags: .appendDuplicate) }
                try idKey.withUnsafeBytes { try txn.put(databases.index, key: $0, value: positionKey, flags: .noOverwrite) }
            }
            if !observers.isEmpty {
                recorded.append(RecordedEvent(
                    position: LogPosition(position), stream: stream, revision: revision, id: event.id, type: event.type,
                    schemaVersion: event.schemaVersion, recordedAt: recordedAt, source: event.source,
                    correlationID: event.correlationID, causationID: event.causationID, traceparent: event.traceparent,
                    data: event.data, previousHash: previousHash, hash: hash))
            }
            previousHash = hash
            revision += 1
        }
        for observer in observers { try observer.appended(recorded, in: txn) }
        return Outcome(result: AppendResult(firstPosition: firstPosition, lastPosition: position, headHash: previousHash,
                                            nextExpectedRevision: revision - 1, duplicate: false),
                       hash: previousHash)
    }

    /// The original result when this batch was appended before; `nil` when none of its ids is known.
    /// - Throws: ``EventLogError`` `.idConflict` when only some ids are known, or a body differs.
    private static func previousAppend(_ txn: borrowing WriteTransaction, databases: Databases, stream: StreamID,
                                       events: [ProposedEvent]) throws -> Outcome? {
        var first: UInt64?
        for (index, event) in events.enumerated() {
            let found = try EventLog.position(of: event.id, in: txn, index: databases.index)
            if index == 0 {
                guard let found else {
                    // A new batch: none of its ids may be known.
                    for later in events.dropFirst() where try EventLog.position(of: later.id, in: txn, index: databases.index) != nil {
                        throw conflict(later, at: nil, "was appended before, but the first event of this batch was not: a batch is retried whole or not at all")
                    }
                    return nil
                }
                first = found
            }
            guard let found, found == first! + UInt64(index) else {
                throw conflict(event, at: found, "does not continue the earlier append of this batch's first event; retry the batch exactly as first sent")
            }
            guard let record = try txn.get(databases.events, key: KeyLayout.position(found)),
                  let same = RecordCodec.withFields(position: found, record: record, { fields, _ in
                      fields.stream.elementsEqual(stream.rawValue.utf8) && fields.type.elementsEqual(event.type.rawValue.utf8)
                          && fields.schemaVersion == event.schemaVersion && fields.data.elementsEqual(event.data)
                  }), same else {
                throw conflict(event, at: found, "was appended before with a different stream, type or payload; use a new id for a new event")
            }
        }
        let last = first! + UInt64(events.count - 1)
        guard let record = try txn.get(databases.events, key: KeyLayout.position(last)),
              let (hash, revision) = RecordCodec.withFields(position: last, record: record, { fields, hash in (hash, fields.revision) }) else {
            throw EventLogError(.corrupt(position: LogPosition(last)), "record \(last) is unreadable; run `opx verify`")
        }
        return Outcome(result: AppendResult(firstPosition: first!, lastPosition: last, headHash: hash,
                                            nextExpectedRevision: revision, duplicate: true), hash: hash)
    }

    private static func conflict(_ event: ProposedEvent, at position: UInt64?, _ what: String) -> EventLogError {
        EventLogError(.idConflict(id: event.id, position: LogPosition(position ?? 0)),
                      "event id \(event.id) (\(event.type))\(position.map { " at position \($0)" } ?? "") \(what)")
    }
}

extension ProposedEvent {
    /// Calls `body` with the CloudEvents view this event will have once recorded with these values.
    func withFields<T>(position: UInt64, stream: StreamID, revision: UInt64, recordedAt: Timestamp,
                       previousHash: EventHash, _ body: (borrowing CloudEventFields) -> T) -> T {
        CloudEventFields.withOwned(position: position, stream: stream, revision: revision, id: id, type: type,
                                   schemaVersion: schemaVersion, recordedAt: recordedAt, source: source,
                                   correlationID: correlationID, causationID: causationID, traceparent: traceparent,
                                   data: data, previousHash: previousHash, body)
    }
}

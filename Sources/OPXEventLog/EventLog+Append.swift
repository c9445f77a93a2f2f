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
        try await append([StreamAppend(stream: stream, expected: expected, events: events)])[0]
    }

    /// Appends to several streams in one atomic, durable transaction: every batch lands, at contiguous
    /// positions in the order given, or none does.
    ///
    /// Each batch is checked like ``append(to:expected:events:)`` (its own expected revision, limits over all
    /// batches together, idempotency by event id). A retry of the whole call after an unknown outcome returns the
    /// original results with `duplicate` true; a call in which only some batches were appended before is a
    /// conflict (they were appended by another call). A stream may appear in several batches; each sees the
    /// revisions the earlier ones left.
    /// - Returns: One result per batch, in order.
    package func append(_ appends: [StreamAppend]) async throws -> [AppendResult] {
        let events = try checkShape(appends)
        try validate(events)
        let weight = Self.weight(events: events.count, bytes: events.reduce(0) { $0 + $1.data.count })
        let results = try await enqueue(weight: weight) { appends }.results()
        if appends.contains(where: { $0.stream == Self.schemasStream }), registry != nil { try loadRegisteredSchemas() }
        return results
    }

    /// Queues an atomic multi-stream append whose batches are chosen when the log's writer runs it, and returns at
    /// once: appends queued one after another (from one task, or under one lock) land in that order.
    ///
    /// `batches` runs on the writer thread, inside the transaction's job, so it must be quick and must not block;
    /// it may throw to refuse the append (nothing is written). Its batches are checked like ``append(_:)``'s
    /// (limits, no empty batch, expected revisions, idempotency), except against the schemas: **validate their
    /// events before** (``validate(_:)``), since a schema check could read the log, which the writer cannot do
    /// mid-transaction. Used by ingest, whose appends keep taking requests until the writer runs them.
    /// - Parameters:
    ///   - weight: Roughly the bytes the append writes (what is known when it is queued), bounding group commits.
    ///   - batches: The batches, taken when the writer runs the append.
    /// - Throws: ``StorageError`` `.readOnly` for a read-only log.
    package func enqueueAppend(weight: Int, batches: @escaping @Sendable () throws -> [StreamAppend]) throws -> PendingAppend {
        try enqueue(weight: weight) { [self] in
            let appends = try batches()
            _ = try checkShape(appends)
            return appends
        }
    }

    /// Roughly the bytes an append of `events` events of `bytes` payload bytes writes (records, index entries).
    package static func weight(events: Int, bytes: Int) -> Int { bytes + 256 * events }

    private func enqueue(weight: Int, _ batches: @escaping @Sendable () throws -> [StreamAppend]) throws -> PendingAppend {
        let databases = self.databases, clock = self.clock
        let observers = inlineObservers.withLock { $0 }
        let write = try environment.enqueueWrite(weight: weight) { txn in
            try Self.appendJob(txn, databases: databases, appends: try batches(), clock: clock, observers: observers)
        }
        return PendingAppend(write: write, log: self)
    }

    /// The events of `appends`, once they are known to be within the limits, with no batch empty.
    private func checkShape(_ appends: [StreamAppend]) throws -> [ProposedEvent] {
        guard !appends.isEmpty else { throw EventLogError(.invalidBatch, "an append needs at least one batch") }
        let events = appends.flatMap(\.events)
        try checkLimits(events)
        for (index, batch) in appends.enumerated() where batch.events.isEmpty {
            throw EventLogError(.invalidBatch, "batch \(index) (stream \(batch.stream)) has no events; drop it or add events")
        }
        return events
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

    struct Outcome: Sendable {
        let results: [AppendResult]
        /// The chain head after the append; `nil` for an idempotent retry, which writes nothing.
        let newHead: EventHash?
    }

    /// The write job: checks, then writes. It throws before its first put, with a storage error, or (several
    /// batches) when a later batch's check fails after an earlier one wrote: the writer then rolls the job back.
    private static func appendJob(_ txn: borrowing WriteTransaction, databases: Databases, appends: [StreamAppend],
                                  clock: @Sendable () -> Timestamp, observers: [any InlineAppendObserver]) throws -> Outcome {
        let retried = try appends.map { try previousAppend(txn, databases: databases, stream: $0.stream, events: $0.events) }
        if retried.allSatisfy({ $0 != nil }) { return Outcome(results: retried.map { $0! }, newHead: nil) }
        if let index = retried.firstIndex(where: { $0 != nil }) {
            throw EventLogError(.idConflict(id: appends[index].events[0].id, position: LogPosition(retried[index]!.firstPosition)),
                                "batch \(index) (stream \(appends[index].stream)) was appended before, but other batches of this call were not: a call is retried whole or not at all")
        }
        let head = try EventLog.head(in: txn, events: databases.events)
        let now = clock()
        var writer = RecordWriter(position: head.position.rawValue, previousHash: head.hash,
                                  recordedAt: now > head.recordedAt ? now : head.recordedAt, keepRecorded: !observers.isEmpty)
        var results: [AppendResult] = []
        for batch in appends {
            let current = try EventLog.head(of: batch.stream, in: txn, index: databases.index)?.revision
            guard batch.expected.isSatisfied(by: current) else {
                throw EventLogError.wrongExpectedRevision(batch.stream, expected: batch.expected, actual: current)
            }
            results.append(try writer.write(batch.events, to: batch.stream, from: current.map { $0 + 1 } ?? 0, txn, databases: databases))
        }
        for observer in observers { try observer.appended(writer.recorded, in: txn) }
        return Outcome(results: results, newHead: writer.previousHash)
    }

    /// The original result when this batch was appended before; `nil` when none of its ids is known.
    /// - Throws: ``EventLogError`` `.idConflict` when only some ids are known, or a body differs.
    private static func previousAppend(_ txn: borrowing WriteTransaction, databases: Databases, stream: StreamID,
                                       events: [ProposedEvent]) throws -> AppendResult? {
        var first: UInt64?
        for (index, event) in events.enumerated() {
            let found = try EventLog.position(of: event.id, in: txn, index: databases.index)
            if index == 0 {
                // A new batch: none of its ids may be known, which the id index's puts check (RecordWriter).
                guard let found else { return nil }
                first = found
            }
            guard let found, found == first! + UInt64(index) else {
                throw idConflict(event, at: found, "does not continue the earlier append of this batch's first event; retry the batch exactly as first sent")
            }
            guard let record = try txn.get(databases.events, key: KeyLayout.position(found)),
                  let same = RecordCodec.withFields(position: found, record: record, { fields, _ in
                      fields.stream.elementsEqual(stream.rawValue.utf8) && fields.type.elementsEqual(event.type.rawValue.utf8)
                          && fields.schemaVersion == event.schemaVersion && fields.data.elementsEqual(event.data)
                  }), same else {
                throw idConflict(event, at: found, "was appended before with a different stream, type or payload; use a new id for a new event")
            }
        }
        let last = first! + UInt64(events.count - 1)
        guard let record = try txn.get(databases.events, key: KeyLayout.position(last)),
              let (hash, revision) = RecordCodec.withFields(position: last, record: record, { fields, hash in (hash, fields.revision) }) else {
            throw EventLogError(.corrupt(position: LogPosition(last)), "record \(last) is unreadable; run `opx verify`")
        }
        return AppendResult(firstPosition: first!, lastPosition: last, headHash: hash, nextExpectedRevision: revision, duplicate: true)
    }

    /// The error for an event whose id is in the log already (`position`, when known) and `what` is wrong with that.
    static func idConflict(_ event: ProposedEvent, at position: UInt64?, _ what: String) -> EventLogError {
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

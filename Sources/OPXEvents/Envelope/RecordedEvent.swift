/// An event as stored in the log, with everything the log assigned.
package struct RecordedEvent: Sendable, Hashable {
    /// Its position in the global log.
    package let position: LogPosition
    /// Its stream.
    package let stream: StreamID
    /// Its revision within the stream (from 0).
    package let revision: UInt64
    /// Its id.
    package let id: EventID
    /// Its type.
    package let type: EventType
    /// The schema version of `data` as appended.
    package let schemaVersion: UInt16
    /// When the log recorded it (monotonic along the log).
    package let recordedAt: Timestamp
    /// Who produced it.
    package let source: EventSource
    /// The id of the event or request this belongs to.
    package let correlationID: EventID?
    /// The id of the event that caused this one.
    package let causationID: EventID?
    /// W3C trace context.
    package let traceparent: Traceparent?
    /// The payload, canonical JSON bytes.
    package let data: [UInt8]
    /// The hash of the previous record (``EventHash/genesis`` for position 1).
    package let previousHash: EventHash
    /// This record's hash: SHA-256 over `previousHash` bytes followed by ``cloudEventBytes(includingHash:)`` without the hash.
    package let hash: EventHash

    package init(position: LogPosition, stream: StreamID, revision: UInt64, id: EventID, type: EventType,
                 schemaVersion: UInt16, recordedAt: Timestamp, source: EventSource, correlationID: EventID?,
                 causationID: EventID?, traceparent: Traceparent?, data: [UInt8], previousHash: EventHash, hash: EventHash) {
        self.position = position
        self.stream = stream
        self.revision = revision
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.recordedAt = recordedAt
        self.source = source
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceparent = traceparent
        self.data = data
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The payload parsed as JSON.
    package var json: JSONValue {
        get throws { try JSONParser.parse(data) }
    }

    /// The canonical CloudEvents JSON of this record (see `Schemas/README.md`, "Hash chain").
    package func cloudEventBytes(includingHash: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(data.count + 600)
        withFields { CloudEventForm.append($0, hash: includingHash ? hash : nil, to: &out) }
        return out
    }

    /// Calls `body` with this record's fields as a ``CloudEventFields`` view.
    package func withFields<T>(_ body: (borrowing CloudEventFields) throws -> T) rethrows -> T {
        try CloudEventFields.withOwned(position: position.rawValue, stream: stream, revision: revision, id: id, type: type,
                                       schemaVersion: schemaVersion, recordedAt: recordedAt, source: source,
                                       correlationID: correlationID, causationID: causationID, traceparent: traceparent,
                                       data: data, previousHash: previousHash, body)
    }
}

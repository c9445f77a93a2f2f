package import OPXEvents

/// One recorded event as folds see it: the envelope fields and the payload, indexed once.
package struct ProjectionEvent: Sendable {
    /// Its position in the log.
    package let position: LogPosition
    /// Its stream.
    package let stream: StreamID
    /// Its revision in the stream.
    package let revision: UInt64
    /// Its id.
    package let id: EventID
    /// Its type.
    package let type: EventType
    /// The schema version of the payload.
    package let schemaVersion: UInt16
    /// When the log recorded it; the only clock a fold may read.
    package let recordedAt: Timestamp
    /// The payload.
    package let payload: Payload
    /// The record's hash in the log's chain: it commits to this event and every one before it.
    package let hash: EventHash
    /// The stream id's part before its first `-` (its category; short, so stored inline without an
    /// allocation) and the part after it: split once here, since several folds ask for it
    /// (``streamKey(ifCategory:)``) and each would otherwise allocate its own copy.
    private let category: String
    private let entity: String?

    package init(position: LogPosition, stream: StreamID, revision: UInt64, id: EventID, type: EventType,
                 schemaVersion: UInt16, recordedAt: Timestamp, payload: Payload, hash: EventHash) {
        self.init(position: position, stream: StreamName(stream), revision: revision, id: id, type: type,
                  schemaVersion: schemaVersion, recordedAt: recordedAt, payload: payload, hash: hash)
    }

    private init(position: LogPosition, stream name: StreamName, revision: UInt64, id: EventID, type: EventType,
                 schemaVersion: UInt16, recordedAt: Timestamp, payload: Payload, hash: EventHash) {
        self.position = position
        stream = name.stream
        category = name.category
        entity = name.entity
        self.revision = revision
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.recordedAt = recordedAt
        self.payload = payload
        self.hash = hash
    }

    /// The view of a recorded event.
    package init(_ event: RecordedEvent) {
        self.init(position: event.position, stream: event.stream, revision: event.revision, id: event.id,
                  type: event.type, schemaVersion: event.schemaVersion, recordedAt: event.recordedAt,
                  payload: Payload(event.data), hash: event.hash)
    }

    /// A record's envelope read zero-copy from the log (copies what it keeps), and where its payload
    /// was copied to: an event once the payload buffer is complete (``FoldSet/readPage(_:limit:pageSize:after:)``).
    struct Envelope {
        let position: LogPosition, stream: StreamName, revision: UInt64, id: EventID, type: EventType
        let schemaVersion: UInt16, recordedAt: Timestamp, hash: EventHash
        /// Where the payload is in the page's buffer.
        let payload: Range<Int>

        /// The envelope of `fields`, whose type and stream are `type` and `stream` (interned by the
        /// caller: the same bytes as `fields.type` and `fields.stream`).
        init(_ fields: borrowing CloudEventFields, type: EventType, stream: StreamName, hash: EventHash, payload: Range<Int>) {
            position = LogPosition(fields.position)
            self.stream = stream
            revision = fields.revision
            id = fields.id
            self.type = type
            schemaVersion = fields.schemaVersion
            recordedAt = fields.recordedAt
            self.hash = hash
            self.payload = payload
        }

        /// The event with its payload.
        func event(_ payload: Payload) -> ProjectionEvent {
            ProjectionEvent(position: position, stream: stream, revision: revision, id: id, type: type,
                            schemaVersion: schemaVersion, recordedAt: recordedAt, payload: payload, hash: hash)
        }
    }

    /// The part of the stream id after its category and `-` (`incident-42` → `42`), or `nil`
    /// when the stream is not of `category`.
    package func streamKey(ifCategory category: String) -> String? {
        guard category == self.category, let entity else {
            // A category with a `-` of its own is not split off above.
            let id = stream.rawValue
            guard category.utf8.contains(UInt8(ascii: "-")), id.utf8.count > category.utf8.count + 1, id.hasPrefix(category),
                  id.utf8[id.utf8.index(id.utf8.startIndex, offsetBy: category.utf8.count)] == UInt8(ascii: "-") else { return nil }
            return String(id.utf8.dropFirst(category.utf8.count + 1))!
        }
        return entity
    }
}

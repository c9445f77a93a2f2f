/// A borrowed view of one record's fields, as the CloudEvents form and the hash need them.
///
/// Byte buffers point into memory owned by the caller (often the LMDB map): valid only for the
/// duration of the call that received the view.
package struct CloudEventFields: ~Copyable {
    package let position: UInt64
    package let stream: UnsafeRawBufferPointer
    package let revision: UInt64
    package let id: EventID
    package let type: UnsafeRawBufferPointer
    package let schemaVersion: UInt16
    package let recordedAt: Timestamp
    package let source: UnsafeRawBufferPointer
    package let correlationID: EventID?
    package let causationID: EventID?
    package let traceparent: UnsafeRawBufferPointer?
    package let data: UnsafeRawBufferPointer
    package let previousHash: EventHash

    package init(position: UInt64, stream: UnsafeRawBufferPointer, revision: UInt64, id: EventID,
                 type: UnsafeRawBufferPointer, schemaVersion: UInt16, recordedAt: Timestamp,
                 source: UnsafeRawBufferPointer, correlationID: EventID?, causationID: EventID?,
                 traceparent: UnsafeRawBufferPointer?, data: UnsafeRawBufferPointer, previousHash: EventHash) {
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
    }

    /// Calls `body` with a view over owned values (strings and payload bytes are borrowed for the call).
    package static func withOwned<T>(position: UInt64, stream: StreamID, revision: UInt64, id: EventID, type: EventType,
                                     schemaVersion: UInt16, recordedAt: Timestamp, source: EventSource,
                                     correlationID: EventID?, causationID: EventID?, traceparent: Traceparent?,
                                     data: [UInt8], previousHash: EventHash,
                                     _ body: (borrowing CloudEventFields) throws -> T) rethrows -> T {
        var streamText = stream.rawValue, typeText = type.rawValue, sourceText = source.rawValue
        var trace = traceparent?.rawValue ?? ""
        return try streamText.withUTF8 { s in
            try typeText.withUTF8 { t in
                try sourceText.withUTF8 { src in
                    try trace.withUTF8 { tp in
                        try data.withUnsafeBytes { d in
                            try body(CloudEventFields(
                                position: position, stream: UnsafeRawBufferPointer(s), revision: revision, id: id,
                                type: UnsafeRawBufferPointer(t), schemaVersion: schemaVersion, recordedAt: recordedAt,
                                source: UnsafeRawBufferPointer(src), correlationID: correlationID, causationID: causationID,
                                traceparent: traceparent == nil ? nil : UnsafeRawBufferPointer(tp), data: d,
                                previousHash: previousHash))
                        }
                    }
                }
            }
        }
    }
}

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
}

package import OPXEvents

/// A reference to one recorded event (agent outputs, validation results, guardrail violations,
/// consensus): where and when it was recorded and its type, not a copy of its payload.
///
/// The log already holds the payload, in the same LMDB environment as the projections, so a stored
/// row keeps only the event's position; a reader resolves the payload from the log in its own read
/// transaction, a consistent cut (``ProjectionReader/records(_:prefix:)``). Rows folded in memory
/// (time travel) carry the payload from the event they were made of. Either way the row's stored
/// form, and so every digest, is the reference alone.
package struct EventRecordRow: ProjectionRow, Hashable {
    /// The event's log position.
    package var position: Int64
    /// When it was recorded.
    package var at: Timestamp
    /// Its type.
    package var type: String
    /// Its payload (canonical JSON): present when the row was folded in memory or resolved through
    /// the log, `nil` as decoded from a stored row.
    package var payload: RawJSON?

    package init(_ event: ProjectionEvent) {
        position = Int64(event.position.rawValue)
        at = event.recordedAt
        type = event.type.rawValue
        payload = RawJSON(trusted: event.payload.bytes)
    }

    package func encode(to e: inout RowEncoder) {
        Self.write(at: at, position: position, type: type, to: &e)
    }

    /// Writes the reference to `event` without building the row.
    static func encode(_ event: ProjectionEvent, to e: inout RowEncoder) {
        write(at: event.recordedAt, position: Int64(event.position.rawValue), type: event.type.rawValue, to: &e)
    }

    private static func write(at: Timestamp, position: Int64, type: String, to e: inout RowEncoder) {
        e.object { e in
            e.field("at", at)
            e.field("position", position)
            e.field("type", type)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        at = try d.time("at")
        position = d.int("position", default: 0)
        type = try d.string("type")
    }
}

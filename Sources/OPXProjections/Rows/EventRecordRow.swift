package import OPXEvents

/// A row that keeps one event's payload verbatim, with where and when it was recorded: agent
/// outputs, validation results, guardrail violations.
package struct EventRecordRow: ProjectionRow, Hashable {
    /// The event's log position.
    package var position: Int64
    /// When it was recorded.
    package var at: Timestamp
    /// Its type.
    package var type: String
    /// Its payload (canonical JSON).
    package var payload: RawJSON

    package init(_ event: ProjectionEvent) {
        position = Int64(event.position.rawValue)
        at = event.recordedAt
        type = event.type.rawValue
        payload = RawJSON(trusted: event.payload.bytes)
    }

    package func encode(to e: inout RowEncoder) {
        Self.write(at: at, position: position, type: type, to: &e) { $0.value(payload) }
    }

    /// Writes the record of `event` without building the row: its payload straight from the page's buffer.
    static func encode(_ event: ProjectionEvent, to e: inout RowEncoder) {
        event.payload.withUnsafeBytes { payload in
            write(at: event.recordedAt, position: Int64(event.position.rawValue), type: event.type.rawValue, to: &e) {
                $0.value(rawBytes: payload)
            }
        }
    }

    private static func write(at: Timestamp, position: Int64, type: String, to e: inout RowEncoder,
                              payload: (inout RowEncoder) -> Void) {
        e.object { e in
            e.field("at", at)
            e.key("payload")
            payload(&e)
            e.field("position", position)
            e.field("type", type)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        at = try d.time("at")
        payload = d.raw("payload") ?? RawJSON(trusted: Array("{}".utf8))
        position = d.int("position", default: 0)
        type = try d.string("type")
    }
}

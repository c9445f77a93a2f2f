import OPXEventLog
import OPXEvents

/// The body of `POST /v1/streams/{stream}`:
/// `{"expectedRevision": "any" | "no-stream" | "exists" | N, "events": [{"type", "data", "id"?, "source"?,
/// "correlationId"?, "causationId"?, "traceparent"?}]}`.
struct AppendRequest {
    let expected: ExpectedRevision
    let events: [ProposedEvent]

    /// Decodes and checks the body; errors name the field by JSON Pointer.
    init(_ body: JSONValue, maxEvents: Int) throws(FieldError) {
        let fields = try JSONFields(body, at: "")
        try fields.onlyKnown(["expectedRevision", "events"])
        switch fields.object["expectedRevision"] {
        case nil: expected = .any
        case .some(let value):
            let text = value.stringValue ?? value.int64Value.flatMap { $0 >= 0 ? String($0) : nil }
            guard let text, let parsed = ExpectedRevision(text) else {
                throw FieldError(pointer: "/expectedRevision", message: "must be \"any\", \"no-stream\", \"exists\" or a revision number")
            }
            expected = parsed
        }
        guard let items = fields.object["events"]?.arrayValue, !items.isEmpty else {
            throw FieldError(pointer: "/events", message: "must be a non-empty array of events like {\"type\": \"signal.ingested\", \"data\": {…}}")
        }
        guard items.count <= maxEvents else {
            throw FieldError(pointer: "/events", message: "has \(items.count) events; the limit is \(maxEvents) per request (server.maxBatchEvents): split the batch",
                             overLimit: true)
        }
        var events: [ProposedEvent] = []
        for (index, item) in items.enumerated() {
            events.append(try Self.event(item, at: "/events/\(index)"))
        }
        self.events = events
    }

    private static func event(_ value: JSONValue, at pointer: String) throws(FieldError) -> ProposedEvent {
        let fields = try JSONFields(value, at: pointer)
        try fields.onlyKnown(["type", "data", "id", "source", "correlationId", "causationId", "traceparent"])
        func uuid(_ key: String) throws(FieldError) -> EventID? {
            guard let text = try fields.string(key) else { return nil }
            guard let id = EventID(text) else { throw FieldError(pointer: fields.path(key), message: "must be a UUID") }
            return id
        }
        func checked<T>(_ key: String, _ make: (String) throws(EnvelopeError) -> T) throws(FieldError) -> T? {
            guard let text = try fields.string(key) else { return nil }
            do { return try make(text) } catch { throw FieldError(pointer: fields.path(key), message: error.description) }
        }
        guard let type = try checked("type", { text throws(EnvelopeError) in try EventType(text) }) else {
            throw FieldError(pointer: fields.path("type"), message: "is required: the event type, e.g. \"signal.ingested\"")
        }
        guard let data = fields.object["data"] else { throw FieldError(pointer: fields.path("data"), message: "is required: the event's JSON payload") }
        return ProposedEvent(id: try uuid("id") ?? .random(), type: type, data: data,
                             source: try checked("source", { text throws(EnvelopeError) in try EventSource(text) }) ?? EventSource(unchecked: "/opx/http"),
                             correlationID: try uuid("correlationId"), causationID: try uuid("causationId"),
                             traceparent: try checked("traceparent", { text throws(EnvelopeError) in try Traceparent(text) }))
    }
}

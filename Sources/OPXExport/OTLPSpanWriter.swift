import OPXEvents

/// Writes a `trace.span-recorded` event as one OTLP/JSON span (opentelemetry-proto `Span`).
///
/// The span keeps the event's attributes under their own names (the OpenTelemetry GenAI semantic
/// conventions: `gen_ai.request.model`, `gen_ai.usage.input_tokens`, …) and adds `opx.event.id`,
/// `opx.event.position`, `opx.event.hash` and `opx.stream`, so each span can be matched with the
/// hash-chained CloudEvents export of the same events. Ids are hex, times are Unix nanoseconds as
/// decimal strings, enums are integers, as the OTLP/JSON encoding specifies.
enum OTLPSpanWriter {
    /// The event type exported as spans.
    static let spanType = "trace.span-recorded"
    /// The resource attribute holding the export summary (its CloudEvent JSON as a string).
    static let summaryAttribute = "opx.export.summary"

    private static let kinds = ["internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5]
    private static let statusCodes = ["unset": 0, "ok": 1, "error": 2]

    /// Appends the span of `fields`; an event whose payload is not a readable span becomes a span
    /// named after its type with only the opx attributes (nothing is dropped silently).
    static func append(_ fields: borrowing CloudEventFields, hash: EventHash, to out: inout [UInt8]) {
        let payload = (try? JSONParser.parse(fields.data))?.objectValue ?? JSONObject()
        var attributes: [JSONValue] = []
        for (key, value) in payload["attributes"]?.objectValue?.members ?? JSONObject().members {
            if let any = Self.anyValue(value) { attributes.append(Self.keyValue(key, any)) }
        }
        if let investigation = payload["investigationId"]?.stringValue, payload["attributes"]?["opx.investigation.id"] == nil {
            attributes.append(Self.keyValue("opx.investigation.id", ["stringValue": .string(investigation)]))
        }
        attributes.append(Self.keyValue("opx.event.id", ["stringValue": .string(fields.id.description)]))
        attributes.append(Self.keyValue("opx.event.position", ["intValue": .string(String(fields.position))]))
        attributes.append(Self.keyValue("opx.event.hash", ["stringValue": .string(hash.description)]))
        attributes.append(Self.keyValue("opx.stream", ["stringValue": .string(String(decoding: fields.stream, as: UTF8.self))]))
        var span: JSONObject = [
            "traceId": payload["traceId"] ?? "",
            "spanId": payload["spanId"] ?? "",
            "name": payload["name"] ?? .string(Self.spanType),
            "kind": .number(JSONNumber(Int64(Self.kinds[payload["kind"]?.stringValue ?? ""] ?? 0))),
            "startTimeUnixNano": .string(Self.nanos(payload["startTime"]) ?? String(fields.recordedAt.nanoseconds)),
            "endTimeUnixNano": .string(Self.nanos(payload["endTime"]) ?? String(fields.recordedAt.nanoseconds)),
            "attributes": .array(attributes),
        ]
        if let parent = payload["parentSpanId"] { span.set("parentSpanId", parent) }
        var status: JSONObject = ["code": .number(JSONNumber(Int64(Self.statusCodes[payload["status"]?["code"]?.stringValue ?? ""] ?? 0)))]
        if let message = payload["status"]?["message"] { status.set("message", message) }
        span.set("status", .object(status))
        out.append(contentsOf: CanonicalJSONWriter.canonicalBytes(.object(span)))
    }

    private static func keyValue(_ key: String, _ value: JSONObject) -> JSONValue {
        ["key": .string(key), "value": .object(value)]
    }

    /// The OTLP `AnyValue` of a span attribute: strings, Booleans, integers (as decimal strings), doubles, arrays.
    private static func anyValue(_ value: JSONValue) -> JSONObject? {
        switch value {
        case .string(let s): return ["stringValue": .string(s)]
        case .bool(let b): return ["boolValue": .bool(b)]
        case .number(let n):
            if let integer = n.integer { return ["intValue": .string(String(integer))] }
            return ["doubleValue": .number(n)]
        case .array(let items): return ["arrayValue": ["values": .array(items.compactMap { anyValue($0).map(JSONValue.object) })]]
        case .null, .object: return nil
        }
    }

    private static func nanos(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, let time = try? Timestamp(rfc3339: text) else { return nil }
        return String(time.nanoseconds)
    }
}

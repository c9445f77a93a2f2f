import OPXEvents

extension TraceSpanRecorded {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it, built directly (see `EngineEvent+Payloads.swift`).
    var directPayload: JSONValue {
        var status: JSONObject = ["code": .string(self.status.code.rawValue)]
        status.set("message", ifPresent: self.status.message.map(JSONValue.string))
        var object: JSONObject = [
            "traceId": .string(traceId), "spanId": .string(spanId), "name": .string(name), "kind": .string(kind.rawValue),
            "startTime": .string(startTime.payloadText), "endTime": .string(endTime.payloadText), "status": .object(status),
            "attributes": .object(attributes),
        ]
        object.set("parentSpanId", ifPresent: parentSpanId.map(JSONValue.string))
        object.set("investigationId", ifPresent: investigationId.map { .string($0.description) })
        return .object(object)
    }
}

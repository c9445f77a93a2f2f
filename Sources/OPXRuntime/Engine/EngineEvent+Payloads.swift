import OPXEvents

// The payloads of the engine's most frequent small events, built directly: Codable (`jsonPayload()`) encodes to
// text and parses it back. `EngineEventTests` pins that both give the same bytes.

extension AgentInvoked {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "agent": .string(agent.rawValue), "step": .string(step),
            "attempt": .number(JSONNumber(Int64(attempt))), "inputDigest": .string(inputDigest),
        ]
        if let runner { object.set("runner", .string(runner.rawValue)) }
        if let model { object.set("model", .string(model)) }
        if let timeoutMs { object.set("timeoutMs", .number(JSONNumber(Int64(timeoutMs)))) }
        return .object(object)
    }
}

extension ValidationRecorded {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "agent": .string(agent.rawValue), "step": .string(step),
            "attempt": .number(JSONNumber(Int64(attempt))), "stage": .string(stage.rawValue), "passed": .bool(passed),
            "errors": .array(errors.map { issue in
                var entry: JSONObject = ["pointer": .string(issue.pointer), "message": .string(issue.message)]
                if let rule = issue.rule { entry.set("rule", .string(rule)) }
                return .object(entry)
            }),
        ]
        if let schema { object.set("schema", .string(schema)) }
        return .object(object)
    }
}

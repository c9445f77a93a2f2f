import OPXEvents

// The payloads of the events every investigation records, built directly: Codable (`jsonPayload()`) encodes to
// text and parses it back, which was most of the engine's CPU. `EngineEventTests` pins that both give the same bytes.

extension InvestigationStarted {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "incidentId": .string(incidentId.description),
            "trigger": .string(trigger.rawValue), "agents": .agents(agents),
        ]
        object.set("requestedBy", ifPresent: requestedBy.map(JSONValue.string))
        object.set("budgetUsd", ifPresent: budgetUsd.map(JSONValue.decimal))
        if let forkedFrom {
            object.set("forkedFrom", [
                "investigationId": .string(forkedFrom.investigationId.description), "step": .string(forkedFrom.step),
                "position": .number(JSONNumber(Int64(forkedFrom.position))),
            ])
        }
        return .object(object)
    }
}

extension AgentInvoked {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "agent": .string(agent.rawValue), "step": .string(step),
            "attempt": .int(attempt), "inputDigest": .string(inputDigest),
        ]
        object.set("runner", ifPresent: runner.map { .string($0.rawValue) })
        object.set("model", ifPresent: model.map(JSONValue.string))
        object.set("timeoutMs", ifPresent: timeoutMs.map(JSONValue.int))
        return .object(object)
    }
}

extension ValidationRecorded {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "agent": .string(agent.rawValue), "step": .string(step),
            "attempt": .int(attempt), "stage": .string(stage.rawValue), "passed": .bool(passed),
            "errors": .array(errors.map { issue in
                var entry: JSONObject = ["pointer": .string(issue.pointer), "message": .string(issue.message)]
                entry.set("rule", ifPresent: issue.rule.map(JSONValue.string))
                return .object(entry)
            }),
        ]
        object.set("schema", ifPresent: schema.map(JSONValue.string))
        return .object(object)
    }
}

extension AgentOutputRecorded {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "agent": .string(agent.rawValue), "step": .string(step),
            "attempt": .int(attempt), "outputSchema": .string(outputSchema), "output": .object(output),
        ]
        object.set("outputDigest", ifPresent: outputDigest.map(JSONValue.string))
        object.set("redacted", ifPresent: redacted.map(JSONValue.bool))
        return .object(object)
    }
}

extension ConsensusReached {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        var object: JSONObject = [
            "investigationId": .string(investigationId.description), "incidentId": .string(incidentId.description),
            "outputSchema": .string(outputSchema), "output": .object(output), "degraded": .bool(degraded),
        ]
        object.set("outputDigest", ifPresent: outputDigest.map(JSONValue.string))
        object.set("inputDigest", ifPresent: inputDigest.map(JSONValue.string))
        return .object(object)
    }
}

extension InvestigationCompleted {
    /// The payload, as ``CatalogueEvent/jsonPayload()`` gives it.
    var directPayload: JSONValue {
        [
            "investigationId": .string(investigationId.description), "incidentId": .string(incidentId.description),
            "status": .string(status.rawValue), "failedAgents": .agents(failedAgents), "inputTokens": .int(inputTokens),
            "outputTokens": .int(outputTokens), "costUsd": .decimal(costUsd),
        ]
    }
}

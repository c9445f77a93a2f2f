package import OPXEvents

// The consensus document built directly as JSON rather than through Codable (text and back), with the same
// bytes (`ConsensusTests`).

extension ConsensusOutput {
    /// The document, as ``AgentOutputDocument``'s `jsonPayload()` gives it.
    package var json: JSONValue {
        var object: JSONObject = [
            "agent": .string(agent.rawValue), "summary": .string(summary), "confidence": .double(confidence),
            "recommendation": recommendation.json, "findings": .array(findings.map(\.json)),
            "evidence": .array(evidence.map(\.json)), "services": .strings(services),
            "agreement": ["supporting": .agents(agreement.supporting), "dissenting": .agents(agreement.dissenting),
                          "failed": .agents(agreement.failed)],
            "quorum": ["required": .int(quorum.required), "present": .int(quorum.present), "met": .bool(quorum.met)],
            "degraded": .bool(degraded),
        ]
        object.set("alternatives", ifPresent: alternatives.map { .array($0.map(\.json)) })
        return .object(object)
    }
}

extension ConsensusOutput.ConsensusFinding {
    /// The finding as Codable encodes it.
    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "title": .string(title), "confidence": .double(confidence), "evidence": .strings(evidence),
            "agents": .agents(agents),
        ]
        object.set("detail", ifPresent: detail.map(JSONValue.string))
        object.set("services", ifPresent: services.map(JSONValue.strings))
        return .object(object)
    }
}

extension Recommendation {
    /// The recommendation as Codable encodes it.
    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "action": .string(action), "rationale": .string(rationale), "evidence": .strings(evidence),
            "risk": .string(risk.rawValue),
        ]
        object.set("confidence", ifPresent: confidence.map(JSONValue.double))
        object.set("commands", ifPresent: commands.map(JSONValue.strings))
        object.set("services", ifPresent: services.map(JSONValue.strings))
        return .object(object)
    }
}

extension EvidenceReference {
    /// The evidence as Codable encodes it.
    var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "kind": .string(kind.rawValue), "ref": .string(ref)]
        object.set("citation", ifPresent: citation.map(JSONValue.string))
        object.set("summary", ifPresent: summary.map(JSONValue.string))
        object.set("observedAt", ifPresent: observedAt.map { .string($0.payloadText) })
        return .object(object)
    }
}

import Crypto
package import OPXEvents

extension AgentInput {
    /// The input as one JSON document: what external agents receive and what ``digest`` covers.
    ///
    /// `{"attempt", "incidentId", "investigationId", "previousErrors", "step", "upstreamOutputs": {agent: output}}`.
    package var canonicalJSON: JSONValue {
        var upstream = JSONObject()
        for (agent, output) in upstreamOutputs { upstream.set(agent.rawValue, output) }
        return [
            "attempt": .number(JSONNumber(Int64(attempt))),
            "incidentId": .string(incidentId.description),
            "investigationId": .string(investigationId.description),
            "previousErrors": .array(previousErrors.map(JSONValue.string)),
            "step": .string(step),
            "upstreamOutputs": .object(upstream),
        ]
    }

    /// `sha256:<hex>` of the canonical JSON of ``canonicalJSON``: recorded in `agent.invoked` and checked by replay.
    package var digest: String { Digest.of(canonicalJSON) }
}

/// `sha256:<64 hex>` digests of canonical JSON.
package enum Digest {
    /// The digest of `value`'s RFC 8785 form.
    package static func of(_ value: JSONValue) -> String { of(bytes: CanonicalJSONWriter.canonicalBytes(value)) }

    /// The digest of `bytes`.
    package static func of(bytes: [UInt8]) -> String { "sha256:" + hex(bytes) }

    /// The lowercase hex SHA-256 of `bytes`.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

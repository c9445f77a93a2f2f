import Crypto
package import OPXEvents

extension AgentInput {
    /// The input as one JSON document: what external agents receive and what ``digest`` covers.
    ///
    /// `{"attempt", "incidentId", "investigationId", "previousErrors", "step", "upstreamOutputs": {agent: output}}`.
    package var canonicalJSON: JSONValue {
        var object = fields
        var upstream = JSONObject()
        for (agent, output) in upstreamOutputs { upstream.set(agent.rawValue, output) }
        object.set("upstreamOutputs", .object(upstream))
        return .object(object)
    }

    /// `sha256:<hex>` of the canonical JSON of ``canonicalJSON``: recorded in `agent.invoked` and checked by replay.
    package var digest: String { digest(upstreamBytes: [:]) }

    /// ``digest``, taking the canonical bytes of upstream outputs from `upstreamBytes` where they are known.
    func digest(upstreamBytes: [AgentName: [UInt8]]) -> String {
        // `upstreamOutputs` sorts after every other member, so it goes last: the fields' object without its `}`.
        var bytes = CanonicalJSONWriter.canonicalBytes(.object(fields))
        bytes.removeLast()
        bytes += Self.upstreamKey
        bytes += CanonicalSplice.documents(upstreamOutputs, known: upstreamBytes)
        bytes.append(UInt8(ascii: "}"))
        return Digest.of(bytes: bytes)
    }

    private static let upstreamKey = Array(#","upstreamOutputs":"#.utf8)

    /// Every member of ``canonicalJSON`` but the upstream outputs.
    private var fields: JSONObject {
        [
            "attempt": .number(JSONNumber(Int64(attempt))),
            "incidentId": .string(incidentId.description),
            "investigationId": .string(investigationId.description),
            "previousErrors": .array(previousErrors.map(JSONValue.string)),
            "step": .string(step),
        ]
    }
}

/// `sha256:<64 hex>` digests of canonical JSON.
package enum Digest {
    /// The digest of `value`'s RFC 8785 form.
    package static func of(_ value: JSONValue) -> String { of(bytes: CanonicalJSONWriter.canonicalBytes(value)) }

    /// The digest of `bytes`.
    package static func of(bytes: [UInt8]) -> String { "sha256:" + hex(bytes) }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase hex SHA-256 of `bytes`.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = hexDigits
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import OPXEvents

/// RFC 8785 bytes of JSON objects whose members' canonical bytes are already known, so a document that goes into
/// several digests (an agent's output: its own digest, the next agents' input digests, the consensus input digest)
/// is canonicalised once.
enum CanonicalSplice {
    private static let open = Array("{".utf8), comma = Array(",".utf8), colon = Array(":".utf8), close = Array("}".utf8)

    /// The canonical bytes of the object with `members` (name → that member's canonical bytes).
    static func object(_ members: [String: [UInt8]]) -> [UInt8] {
        var order = JSONObject()  // keeps its keys in RFC 8785 order (UTF-16 code units)
        for key in members.keys { order.set(key, .null) }
        var writer = CanonicalJSONWriter(capacity: members.values.reduce(2) { $0 + $1.count + 4 })
        writer.writeRaw(Self.open)
        for (index, key) in order.keys.enumerated() {
            if index > 0 { writer.writeRaw(Self.comma) }
            writer.writeString(key)
            writer.writeRaw(Self.colon)
            writer.writeRaw(members[key] ?? [])
        }
        writer.writeRaw(Self.close)
        return writer.bytes
    }

    /// The canonical bytes of the object of agent documents `documents`, taking each from `known` when it is there.
    static func documents(_ documents: [AgentName: JSONValue], known: [AgentName: [UInt8]]) -> [UInt8] {
        var members: [String: [UInt8]] = [:]
        for (agent, document) in documents { members[agent.rawValue] = known[agent] ?? CanonicalJSONWriter.canonicalBytes(document) }
        return object(members)
    }
}

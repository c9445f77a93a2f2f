package import OPXEvents

extension SignalIngested {
    /// The payload as JSON, built directly: the same value as the Codable-based `jsonPayload()` (a test pins
    /// that down) without a round trip through `JSONEncoder`, which dominated the cost of ingesting a signal.
    package var payload: JSONValue {
        var members: [(String, JSONValue)] = [
            ("signalId", .string(signalId.description)), ("source", .string(source)), ("fingerprint", .string(fingerprint)),
            ("status", .string(status.rawValue)), ("name", .string(name)), ("startsAt", .string(startsAt.payloadText)),
        ]
        func add(_ key: String, _ value: String?) {
            if let value { members.append((key, .string(value))) }
        }
        func add(_ key: String, _ map: [String: String]?) {
            guard let map else { return }
            members.append((key, .object(try! JSONObject(map.map { ($0.key, JSONValue.string($0.value)) }))))
        }
        add("summary", summary)
        add("service", service)
        add("severity", severity)
        add("endsAt", endsAt?.payloadText)
        add("externalId", externalId)
        add("url", url)
        add("labels", labels)
        add("annotations", annotations)
        return .object(try! JSONObject(members))
    }
}

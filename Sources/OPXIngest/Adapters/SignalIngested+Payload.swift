package import OPXEvents

extension SignalIngested {
    /// The payload as JSON, built directly: the same value as the Codable-based `jsonPayload()` (a test pins
    /// that down) without a round trip through `JSONEncoder`, which dominated the cost of ingesting a signal.
    package var payload: JSONValue {
        var object = PayloadObject()
        object.add("signalId", signalId)
        object.add("source", source)
        object.add("fingerprint", fingerprint)
        object.add("status", status)
        object.add("name", name)
        object.add("startsAt", startsAt)
        object.add("summary", summary)
        object.add("service", service)
        object.add("severity", severity)
        object.add("endsAt", endsAt)
        object.add("externalId", externalId)
        object.add("url", url)
        object.add("labels", labels)
        object.add("annotations", annotations)
        return object.value
    }
}

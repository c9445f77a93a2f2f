extension IncidentSignalAttached {
    /// v1 → v2: the one `signalId` becomes `signalIds` of one, the `fingerprint` (when present) `fingerprints` of one.
    static let upcasterFromV1 = Upcaster(type: eventType, from: 1) { payloadFromV1($0) }

    /// A v1 payload in its v2 shape (see ``upcasterFromV1``); other values are returned unchanged.
    ///
    /// For readers that fold raw payloads without a registry, such as correlation loading its state.
    package static func payloadFromV1(_ payload: JSONValue) -> JSONValue {
        guard var object = payload.objectValue, let signal = object.removeValue(forKey: "signalId") else { return payload }
        object.set("signalIds", .array([signal]))
        if let fingerprint = object.removeValue(forKey: "fingerprint") { object.set("fingerprints", .array([fingerprint])) }
        return .object(object)
    }
}

import OPXEvents
import Testing

/// A test-only type at v2 whose v1 named the field `title`; v2 calls it `name` and adds `size`.
private struct WidgetMade: CatalogueEvent, Sendable, Hashable, Codable {
    static let eventType = EventType(unchecked: "test.widget-made")
    static let schemaVersion: UInt16 = 2
    var name: String
    var size: Int
}

/// The upcasting machinery, exercised with a test-registered type and upcaster, and the built-in upcasters.
@Suite struct UpcastingTests {
    static let v1: JSONValue = [
        "type": "object", "required": ["title"], "additionalProperties": false,
        "properties": ["title": ["type": "string"]],
    ]
    static let v2: JSONValue = [
        "type": "object", "required": ["name", "size"], "additionalProperties": false,
        "properties": ["name": ["type": "string", "minLength": 1], "size": ["type": "integer", "minimum": 0]],
    ]

    static let titleToName = Upcaster(type: WidgetMade.eventType, from: 1) { payload in
        guard var object = payload.objectValue else { return payload }
        object["name"] = object.removeValue(forKey: "title")
        object["size"] = 0
        return .object(object)
    }

    private func registry(upcaster: Upcaster? = titleToName) throws -> EventRegistry {
        let registry = EventRegistry()
        try registry.register(type: WidgetMade.eventType, version: 1, schema: Self.v1)
        try registry.register(type: WidgetMade.eventType, version: 2, schema: Self.v2)
        if let upcaster { try registry.register(upcaster) }
        return registry
    }

    @Test("a v1 incident.signal-attached reads as a v2 attachment of its one signal, through the registry and without it")
    func signalAttachedV1ReadsAsOneSignalList() throws {
        let v1: JSONValue = ["incidentId": "7f3c2a9e-4b1d-4c8e-9a2f-5d6e7f8a9b0c", "signalId": "a8d2c7e1-9f40-8b3a-b6c5-d4e3f2a1b0c9",
                             "fingerprint": "p99-latency", "reason": "same service"]
        let old = RecordedEvent.fixture(type: IncidentSignalAttached.eventType, version: 1, payload: v1)
        let attached = try EventRegistry().decode(old, as: IncidentSignalAttached.self)
        #expect(attached == IncidentSignalAttached(incidentId: try #require(EntityID("7f3c2a9e-4b1d-4c8e-9a2f-5d6e7f8a9b0c")),
                                                   signalIds: [try #require(EntityID("a8d2c7e1-9f40-8b3a-b6c5-d4e3f2a1b0c9"))],
                                                   fingerprints: ["p99-latency"], reason: "same service"))
        #expect(IncidentSignalAttached.payloadFromV1(v1) == (try attached.jsonPayload()))
        var withoutFingerprint = try #require(v1.objectValue)
        _ = withoutFingerprint.removeValue(forKey: "fingerprint")
        #expect(IncidentSignalAttached.payloadFromV1(.object(withoutFingerprint))["fingerprints"] == nil)
    }

    @Test func oldRecordsDecodeAsTheCurrentVersion() throws {
        let registry = try registry()
        let old = RecordedEvent.fixture(type: WidgetMade.eventType, version: 1, payload: ["title": "sprocket"])
        #expect(try registry.decode(old, as: WidgetMade.self) == WidgetMade(name: "sprocket", size: 0))
        let current = RecordedEvent.fixture(type: WidgetMade.eventType, version: 2, payload: ["name": "cog", "size": 3])
        #expect(try registry.decode(current, as: WidgetMade.self) == WidgetMade(name: "cog", size: 3))
        #expect(try registry.upcast(["title": "x"], type: WidgetMade.eventType, from: 1) == ["name": "x", "size": 0])
    }

    @Test func aMissingUpcasterIsAClearError() throws {
        let registry = try registry(upcaster: nil)
        let old = RecordedEvent.fixture(type: WidgetMade.eventType, version: 1, payload: ["title": "sprocket"])
        #expect {
            _ = try registry.decode(old, as: WidgetMade.self)
        } throws: { error in
            (error as? CatalogueError)?.description == "test.widget-made has no upcaster from v1 to v2"
        }
    }

    @Test func anUpcasterThatBreaksTheSchemaIsCaught() throws {
        let broken = Upcaster(type: WidgetMade.eventType, from: 1) { _ in ["name": ""] }
        let registry = try registry(upcaster: broken)
        let old = RecordedEvent.fixture(type: WidgetMade.eventType, version: 1, payload: ["title": "sprocket"])
        #expect {
            _ = try registry.decode(old, as: WidgetMade.self)
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .upcastFailed && error?.failures.map(\.pointer).sorted() == ["/name", "/size"]
        }
    }

    @Test func recordsNewerThanTheBuildAreRefused() throws {
        let registry = try registry()
        let future = RecordedEvent.fixture(type: WidgetMade.eventType, version: 3, payload: [:])
        #expect {
            _ = try registry.decode(future, as: WidgetMade.self)
        } throws: { error in
            (error as? CatalogueError)?.code == .upcastFailed
        }
    }

    @Test func upcastersAreRegisteredOncePerVersion() throws {
        let registry = try registry()
        #expect(throws: CatalogueError.self) { try registry.register(Self.titleToName) }
        #expect(throws: CatalogueError.self) {
            try EventRegistry().register(Upcaster(type: SignalIngested.eventType, from: 1) { $0 })
        }
    }

    @Test func decodingChecksTheEventType() throws {
        let registry = try registry()
        let other = RecordedEvent.fixture(type: SignalIngested.eventType, version: 1, payload: [:])
        #expect(throws: CatalogueError.self) { _ = try registry.decode(other, as: WidgetMade.self) }
        let custom = RecordedEvent.fixture(type: WidgetMade.eventType, version: 2, payload: ["name": "x", "size": 1])
        #expect { _ = try registry.decode(custom) } throws: { ($0 as? CatalogueError)?.code == .unknownType }
    }
}

import OPXEvents
import Testing

/// Custom event types registered at run time (`opx schema add`).
@Suite struct RegistrationTests {
    let type = EventType(unchecked: "acme.deploy-approved")
    let schema: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["service", "approver"],
        "additionalProperties": false,
        "properties": [
            "service": ["type": "string", "minLength": 1],
            "approver": ["type": "string"],
            "ticket": ["type": "string", "pattern": "^CAB-[0-9]+$"],
        ],
    ]

    @Test func registeredTypesValidateAndAreListed() throws {
        let registry = EventRegistry()
        try registry.register(type: type, version: 1, schema: schema)
        try registry.validate(type: type, version: 1, payload: ["service": "checkout", "approver": "kim", "ticket": "CAB-12"])
        #expect {
            try registry.validate(type: type, version: 1, payload: ["service": "checkout", "approver": "kim", "ticket": "12"])
        } throws: { error in
            (error as? CatalogueError)?.failures.first?.pointer == "/ticket"
        }
        let listed = try #require(registry.listing.first { $0.type == type })
        #expect(!listed.isBuiltIn && listed.swiftTypeName == nil && listed.schemaID == "opx:event/acme.deploy-approved/v1")
        #expect(registry.listing.count == EventRegistry().listing.count + 1)
        // Other registries are unaffected.
        #expect(EventRegistry().latestVersion(of: type) == nil)
    }

    @Test func registeringTheSameSchemaAgainIsANoOp() throws {
        let registry = EventRegistry()
        try registry.register(type: type, version: 1, schema: schema)
        try registry.register(type: type, version: 1, schema: schema)
        #expect(registry.latestVersion(of: type) == 1)
    }

    @Test func aRegisteredSchemaNeverChanges() throws {
        let registry = EventRegistry()
        try registry.register(type: type, version: 1, schema: schema)
        #expect {
            try registry.register(type: type, version: 1, schema: ["type": "object"])
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .registrationConflict && error?.description.contains("register v2") == true
        }
        try registry.register(type: type, version: 2, schema: ["type": "object"])
        #expect(registry.latestVersion(of: type) == 2)
    }

    @Test func versionsAreRegisteredInSequence() throws {
        let registry = EventRegistry()
        #expect {
            try registry.register(type: type, version: 2, schema: schema)
        } throws: { error in
            (error as? CatalogueError)?.description == "acme.deploy-approved is not registered yet: register v1 first"
        }
    }

    @Test func builtInTypesCannotBeRegistered() throws {
        let registry = EventRegistry()
        for version: UInt16 in [1, 2] {
            #expect {
                try registry.register(type: SignalIngested.eventType, version: version, schema: schema)
            } throws: { error in
                (error as? CatalogueError)?.code == .registrationConflict
            }
        }
    }

    @Test func schemasOutsideTheSupportedSubsetAreRefused() throws {
        let registry = EventRegistry()
        #expect {
            try registry.register(type: type, version: 1, schema: ["type": "object", "properties": ["e": ["format": "email"]]])
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .invalidSchema && error?.description.hasPrefix("schema /properties/e/format: ") == true
        }
        #expect {
            try registry.register(type: type, version: 1, schema: ["$id": "opx:event/other/v1"])
        } throws: { error in
            (error as? CatalogueError)?.code == .invalidSchema
        }
        #expect(registry.latestVersion(of: type) == nil)
    }

    /// `opx schema add`: prepare, append the event, register it; a reopened log folds the event back in.
    @Test func schemaRegisteredEventsRoundTripThroughTheLog() throws {
        let registry = EventRegistry()
        let event = try registry.prepareRegistration(type: type, version: 1, schema: schema, registeredBy: "platform-team")
        #expect(registry.latestVersion(of: type) == nil, "preparing does not register")
        let proposed = try ProposedEvent(event)
        try registry.validate(proposed)
        let recorded = RecordedEvent.fixture(type: proposed.type, version: 1, payload: try JSONParser.parse(proposed.data))
        let reopened = EventRegistry()
        try reopened.register(try reopened.decode(recorded, as: SchemaRegistered.self))
        #expect(reopened.schema(for: type, version: 1)?.document == schema)
    }

    @Test func registrationIsSafeFromManyThreads() async throws {
        let registry = EventRegistry()
        let schema = self.schema
        let type = self.type
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try registry.register(type: type, version: 1, schema: schema)
                    for _ in 0..<200 {
                        try registry.validate(type: type, version: 1, payload: ["service": "s", "approver": "a"])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(registry.latestVersion(of: type) == 1)
    }
}

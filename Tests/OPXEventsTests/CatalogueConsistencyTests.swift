import Foundation
import OPXEvents
import Testing

/// The registry, the Swift types, `Schemas/`, and the fixtures describe the same catalogue.
@Suite struct CatalogueConsistencyTests {
    private var eventSchemaFiles: Set<String> {
        Set(TestFiles.schemaFiles().keys.filter { $0.hasPrefix("events/") })
    }

    @Test func everyTypeHasASchemaFileAndEverySchemaFileHasAType() {
        // Every version up to the current one: older records are upcast from theirs.
        let fromTypes = Set(EventRegistry.allTypes.flatMap { type in
            (1...type.schemaVersion).map { "events/\(type.eventType)/v\($0).schema.json" }
        })
        let missingSchemas = fromTypes.subtracting(eventSchemaFiles).sorted()
        let missingTypes = eventSchemaFiles.subtracting(fromTypes).sorted()
        #expect(fromTypes == eventSchemaFiles, "types without schema: \(missingSchemas); schemas without type: \(missingTypes)")
    }

    @Test func everyAgentOutputTypeHasASchemaFileAndViceVersa() {
        let files = Set(TestFiles.schemaFiles().keys.filter { $0.hasPrefix("agents/") })
        let fromTypes = Set(EventRegistry.allAgentOutputTypes.map {
            "agents/\($0.agentName)/v\($0.schemaVersion).schema.json"
        })
        #expect(fromTypes == files)
        #expect(Set(EventRegistry.agentOutputSchemaIDs) == Set(EventRegistry.allAgentOutputTypes.map { $0.schemaID }))
    }

    @Test func wireNamesAreValidUniqueAndPastTense() throws {
        var seen: Set<String> = []
        for type in EventRegistry.allTypes {
            let name = type.eventType.rawValue
            #expect(try EventType(name) == type.eventType)
            #expect(seen.insert(name).inserted, "\(name) appears twice")
            #expect(EventRegistry.swiftType(for: type.eventType) == type)
            #expect(type.schemaID == "opx:event/\(name)/v\(type.schemaVersion)")
        }
    }

    @Test func registryListsEveryBuiltInType() {
        let registry = EventRegistry()
        let listing = registry.listing
        // One entry per type and version (every version up to the current one).
        #expect(listing.count == EventRegistry.allTypes.reduce(0) { $0 + Int($1.schemaVersion) })
        #expect(listing.allSatisfy { $0.isBuiltIn && $0.swiftTypeName != nil && $0.title != nil })
        #expect(listing.map(\.type.rawValue) == listing.map(\.type.rawValue).sorted())
        for type in EventRegistry.allTypes {
            #expect(registry.latestVersion(of: type.eventType) == type.schemaVersion)
            #expect(registry.schema(for: type.eventType, version: type.schemaVersion)?.id == type.schemaID)
        }
    }

    @Test func everySchemaHasAtLeastOneValidFixture() {
        let covered = Set(TestFiles.validFixtures().map(\.schemaID))
        let schemaIDs = EventRegistry.allTypes.map { $0.schemaID } + EventRegistry.agentOutputSchemaIDs + [SchemaID.envelope]
        for id in schemaIDs {
            #expect(covered.contains(id), "no golden fixture for \(id)")
        }
    }

    @Test func everyInvalidFixtureNamesAKnownSchema() {
        let schemaIDs = Set(EventRegistry.allTypes.map { $0.schemaID } + EventRegistry.agentOutputSchemaIDs + [SchemaID.envelope])
        let fixtures = TestFiles.invalidFixtures()
        #expect(fixtures.count >= 50)
        for fixture in fixtures {
            #expect(schemaIDs.contains(fixture.schemaID), "\(fixture.path)")
        }
    }
}

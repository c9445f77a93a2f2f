import Foundation
import OPXEvents
import Testing

/// The same expectations `Tools/schemas/check.py` checks with Python's `jsonschema`: when both pass, the two
/// validators agree on every fixture.
@Suite struct FixtureTests {
    let registry = EventRegistry()

    @Test(arguments: TestFiles.validFixtures())
    func goldenFixtureIsValid(_ fixture: TestFiles.ValidFixture) throws {
        try TestFiles.validate(fixture.value, schemaID: fixture.schemaID, registry: registry)
    }

    @Test(arguments: TestFiles.invalidFixtures())
    func invalidFixtureIsRejectedWhereExpected(_ fixture: TestFiles.InvalidFixture) {
        #expect(throws: CatalogueError.self) {
            try TestFiles.validate(fixture.instance, schemaID: fixture.schemaID, registry: registry)
        }
        do {
            try TestFiles.validate(fixture.instance, schemaID: fixture.schemaID, registry: registry)
        } catch {
            #expect(error.code == .invalidPayload)
            let match = error.failures.contains { $0.keyword == fixture.keyword && $0.pointer == fixture.pointer }
            #expect(match, "expected \(fixture.keyword) at \(fixture.pointer), got \(error.failures)")
        }
    }

    /// Golden event fixtures decode (upcasting when old) through the registry, as a stored record would.
    @Test(arguments: TestFiles.validFixtures().filter { $0.event != nil })
    func goldenEventFixtureDecodesForever(_ fixture: TestFiles.ValidFixture) throws {
        let (type, version) = try #require(fixture.event)
        let recorded = RecordedEvent.fixture(type: type, version: version, payload: fixture.value)
        let value = try registry.decode(recorded)
        #expect(Swift.type(of: value).eventType == type)
    }

    @Test(arguments: TestFiles.validFixtures().filter { $0.schemaID.hasPrefix("opx:agent/") })
    func goldenAgentOutputFixtureDecodes(_ fixture: TestFiles.ValidFixture) throws {
        let type = try #require(EventRegistry.allAgentOutputTypes.first { $0.schemaID == fixture.schemaID })
        func decode<Document: AgentOutputDocument>(_: Document.Type) throws {
            let document = try Document(jsonPayload: fixture.value)
            #expect(try document.jsonPayload() == fixture.value)
        }
        try decode(type)
    }
}

extension RecordedEvent {
    /// A stored-looking record holding a payload, for decoding tests.
    static func fixture(type: EventType, version: UInt16, payload: JSONValue, position: UInt64 = 1) -> RecordedEvent {
        RecordedEvent(position: LogPosition(position), stream: StreamID(unchecked: "test-1"), revision: position - 1,
                      id: EventID(high: 0x0F8F_AD5B_D9CB_469F, low: 0xA165_7086_7728_950E), type: type,
                      schemaVersion: version, recordedAt: Timestamp(nanoseconds: 1_795_500_000_123_456_789),
                      source: EventSource(unchecked: "/opx/test"), correlationID: nil, causationID: nil,
                      traceparent: nil, data: CanonicalJSONWriter.canonicalBytes(payload), previousHash: .genesis,
                      hash: .genesis)
    }
}

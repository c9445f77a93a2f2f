@testable import OPXEvents
import Testing

/// An event built from a parsed payload is validated from that value, without parsing its bytes again; the
/// outcome must be the one its bytes would give.
@Suite struct ProposedEventTests {
    let registry = EventRegistry()

    private func pair(_ schemaID: String, _ payload: JSONValue) -> (fromValue: ProposedEvent, fromBytes: ProposedEvent)? {
        guard let type = EventRegistry.allTypes.first(where: { $0.schemaID == schemaID }) else { return nil }
        let fromValue = ProposedEvent(type: type.eventType, schemaVersion: type.schemaVersion, data: payload)
        let fromBytes = ProposedEvent(id: fromValue.id, type: fromValue.type, schemaVersion: fromValue.schemaVersion,
                                      canonicalData: fromValue.data, source: fromValue.source, correlationID: nil,
                                      causationID: nil, traceparent: nil)
        return (fromValue, fromBytes)
    }

    @Test func eventsFromValuesAndFromBytesAreEqualAndValidAlike() throws {
        var compared = 0
        for fixture in TestFiles.validFixtures() {
            guard let (fromValue, fromBytes) = pair(fixture.schemaID, fixture.value) else { continue }
            #expect(fromValue.parsedData.value != nil && fromBytes.parsedData.value == nil)
            #expect(fromValue == fromBytes && fromValue.hashValue == fromBytes.hashValue, "\(fixture.path)")
            try registry.validate([fromValue])
            try registry.validate([fromBytes])
            compared += 1
        }
        #expect(compared >= 25)
    }

    @Test func invalidPayloadsGetTheSameErrorFromValuesAsFromBytes() {
        var compared = 0
        for fixture in TestFiles.invalidFixtures() {
            guard let (fromValue, fromBytes) = pair(fixture.schemaID, fixture.instance) else { continue }
            let errors = [fromValue, fromBytes].map { event in
                Result { () throws(CatalogueError) in try registry.validate([event]) }
            }
            guard case .failure(let fromValueError) = errors[0], case .failure(let fromBytesError) = errors[1] else {
                Issue.record("\(fixture.path) was accepted")
                continue
            }
            #expect(fromValueError.message == fromBytesError.message, "\(fixture.path)")
            compared += 1
        }
        #expect(compared >= 10)
    }
}

import Foundation
import OPXEvents
import Testing

/// Encode → validate → decode gives the same value, for every registered type, starting from its golden fixtures.
@Suite struct RoundTripTests {
    let registry = EventRegistry()

    @Test(arguments: EventRegistry.allTypes)
    func roundTrips(_ type: any CatalogueEvent.Type) throws {
        try roundTrip(type)
    }

    private func roundTrip<Event: CatalogueEvent>(_: Event.Type) throws {
        let fixtures = TestFiles.validFixtures().filter { $0.schemaID == Event.schemaID }
        #expect(!fixtures.isEmpty, "no fixture for \(Event.eventType)")
        for fixture in fixtures {
            let value = try Event(jsonPayload: fixture.value)
            // Typed value → JSON → schema → typed value.
            let payload = try value.jsonPayload()
            try registry.validate(type: Event.eventType, version: Event.schemaVersion, payload: payload)
            #expect(try Event(jsonPayload: payload) == value, "\(fixture.path)")
            // The same through the envelope types the log uses.
            let proposed = try ProposedEvent(value, source: EventSource("/opx/test"))
            #expect(proposed.type == Event.eventType && proposed.schemaVersion == Event.schemaVersion)
            #expect(proposed.data == CanonicalJSONWriter.canonicalBytes(payload))
            try registry.validate(proposed)
            let recorded = RecordedEvent.fixture(type: proposed.type, version: proposed.schemaVersion,
                                                 payload: try JSONParser.parse(proposed.data))
            #expect(try registry.decode(recorded, as: Event.self) == value)
            let dynamic = try registry.decode(recorded)
            #expect(dynamic as? Event == value)
        }
    }

    @Test(arguments: EventRegistry.allAgentOutputTypes)
    func agentOutputsRoundTrip(_ type: any AgentOutputDocument.Type) throws {
        try roundTripDocument(type)
    }

    private func roundTripDocument<Document: AgentOutputDocument>(_: Document.Type) throws {
        let fixtures = TestFiles.validFixtures().filter { $0.schemaID == Document.schemaID }
        #expect(!fixtures.isEmpty, "no fixture for \(Document.agentName)")
        for fixture in fixtures {
            let document = try Document(jsonPayload: fixture.value)
            #expect(document.jsonPayloadAgent == Document.agentName)
            let payload = try document.jsonPayload()
            try registry.validateAgentOutput(payload, schemaID: Document.schemaID)
            #expect(try Document(jsonPayload: payload) == document)
        }
    }

    @Test func agentOutputRecordedCarriesADocumentThatDecodes() throws {
        let fixture = try #require(TestFiles.validFixtures().first { $0.path == "valid/agent.output-recorded.v1.json" })
        let event = try AgentOutputRecorded(jsonPayload: fixture.value)
        let output = JSONValue.object(event.output)
        try registry.validateAgentOutput(output, schemaID: event.outputSchema)
        let document = try ChangeIntelligenceOutput(jsonPayload: output)
        #expect(document.suspectChanges.first?.version == "v2.14.0")
    }

    @Test func payloadTimesUseTheShortRFC3339Form() throws {
        let opened = IncidentOpened(incidentId: try #require(EntityID("7f3c2a9e-4b1d-4c8e-9a2f-5d6e7f8a9b0c")),
                                    title: "t", service: "s", severity: .sev3,
                                    openedAt: try Timestamp(rfc3339: "2026-11-24T07:02:00.120+01:00"))
        let payload = try opened.jsonPayload()
        #expect(payload["openedAt"] == "2026-11-24T06:02:00.120Z")
        #expect(payload["incidentId"] == "7f3c2a9e-4b1d-4c8e-9a2f-5d6e7f8a9b0c")
        #expect(payload["detectionId"] == nil, "absent optionals are omitted, never null")
        #expect(try Timestamp(rfc3339: "2026-11-24T06:02:00Z").payloadText == "2026-11-24T06:02:00Z")
        #expect(Timestamp(nanoseconds: 1_000_000_001).payloadText == "1970-01-01T00:00:01.000000001Z")
        #expect(Timestamp(nanoseconds: 1_000_500_000).payloadText == "1970-01-01T00:00:01.000500Z")
    }

    @Test func costsStayExactDecimals() throws {
        let fixture = try #require(TestFiles.validFixtures().first { $0.path == "valid/usage.recorded.v1.json" })
        let usage = try UsageRecorded(jsonPayload: fixture.value)
        #expect(usage.costUsd.description == "0.004708")
        #expect(try usage.jsonPayload()["costUsd"] == 0.004708)
    }
}

extension AgentOutputDocument {
    /// The `agent` member of the document's JSON form.
    fileprivate var jsonPayloadAgent: AgentName? {
        (try? jsonPayload())?["agent"]?.stringValue.map(AgentName.init(rawValue:))
    }
}

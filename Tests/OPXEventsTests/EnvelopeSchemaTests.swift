import OPXEvents
import Testing

/// `Schemas/envelope.v1.schema.json` describes the CloudEvents form the log actually writes.
@Suite struct EnvelopeSchemaTests {
    private func record(correlated: Bool) throws -> RecordedEvent {
        let payload = try #require(TestFiles.validFixtures().first { $0.path == "valid/signal.ingested.v1.json" }?.value)
        return RecordedEvent(
            position: LogPosition(42), stream: StreamID(unchecked: "signals-alertmanager"), revision: 7,
            id: EventID.random(), type: SignalIngested.eventType, schemaVersion: 1,
            recordedAt: try Timestamp(rfc3339: "2026-11-24T06:00:00.000000001Z"),
            source: EventSource(unchecked: "/opx/ingest/alertmanager"),
            correlationID: correlated ? EventID.random() : nil, causationID: correlated ? EventID.random() : nil,
            traceparent: correlated ? Traceparent(unchecked: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") : nil,
            data: CanonicalJSONWriter.canonicalBytes(payload), previousHash: .genesis,
            hash: EventHash(words: (1, 2, 3, 4)))
    }

    @Test(arguments: [false, true])
    func writtenRecordsMatchTheEnvelopeSchema(correlated: Bool) throws {
        let bytes = try record(correlated: correlated).cloudEventBytes(includingHash: true)
        try EventRegistry.validateEnvelope(try JSONParser.parse(bytes))
    }

    @Test func theHashedFormLacksOnlyTheHash() throws {
        let value = try JSONParser.parse(try record(correlated: true).cloudEventBytes(includingHash: false))
        do {
            try EventRegistry.validateEnvelope(value)
            Issue.record("opxhash is required")
        } catch {
            #expect(error.failures.map(\.pointer) == ["/opxhash"])
        }
    }

    @Test func dataschemaIsTheSchemaID() throws {
        let record = try JSONParser.parse(try record(correlated: false).cloudEventBytes(includingHash: true))
        #expect(record["dataschema"] == .string(SignalIngested.schemaID))
        #expect(record["type"] == .string(EventType.cloudEventsPrefix + SignalIngested.eventType.rawValue))
    }
}

import Crypto
import Foundation
import OPXEventLog
import OPXEvents
import OPXTesting
import Testing

@Suite struct HashChainTests {
    @Test func everyHashIsSHA256OfPreviousHashAndCanonicalCloudEventWithoutHash() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let traced = ProposedEvent(type: try EventType("trace.span-recorded"), data: ["name": "ünïcode \"quoted\"\n", "n": 1.5],
                                   correlationID: .random(), causationID: .random(),
                                   traceparent: try Traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        _ = try await store.log.append(to: TestEvents.stream("s"), events: [TestEvents.event(value: 1), traced, TestEvents.event(value: 3)])
        var previous = [UInt8](repeating: 0, count: 32)
        for event in try store.log.read(limit: 10) {
            let withoutHash = event.cloudEventBytes(includingHash: false)
            let expected = Data(SHA256.hash(data: previous + withoutHash))
            #expect(Array(expected) == event.hash.bytes)
            #expect(event.previousHash.bytes == previous)
            previous = event.hash.bytes
        }
    }

    @Test func theCloudEventFormIsCanonicalJSONWithTheDocumentedAttributes() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        _ = try await store.log.append(to: TestEvents.stream("incident-7"), events: [TestEvents.event("incident.opened", value: 2)])
        let event = try #require(try store.log.read(limit: 1).first)
        let bytes = event.cloudEventBytes(includingHash: true)
        let parsed = try JSONParser.parse(bytes)
        #expect(CanonicalJSONWriter.canonicalBytes(parsed) == bytes)
        let object = try #require(parsed.objectValue)
        #expect(object.keys == ["data", "datacontenttype", "dataschema", "id", "opxhash", "opxposition", "opxprevhash",
                                "opxrevision", "opxstream", "source", "specversion", "time", "type"])
        #expect(object["type"]?.stringValue == "dev.opx.incident.opened")
        #expect(object["dataschema"]?.stringValue == "opx:event/incident.opened/v1")
        #expect(object["opxposition"]?.stringValue == "00000000000000000001")
        #expect(object["specversion"]?.stringValue == "1.0")
        #expect(object["opxhash"]?.stringValue == event.hash.description)
    }
}

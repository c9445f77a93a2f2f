import HTTPTypes
import HummingbirdTesting
import NIOCore
import OPXEventLog
import OPXEvents
import OPXServer
import Testing

@Suite struct EventRouteTests {
    @Test func appendAnswersCreatedOnceDurableAndAReadReturnsTheEvents() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                    headers: ServerFixture.headers(fixture.ingester), body: appendBody(signalPayload(1)))
            #expect(response.status == .created)
            #expect(response.json["firstPosition"]?.int64Value == 1)
            #expect(response.json["duplicate"]?.boolValue == false)
            #expect(try fixture.log.head().position == LogPosition(1))
            let read = try await client.execute(uri: "/v1/streams/signals-test?from=0&limit=10", method: .get,
                                                headers: ServerFixture.headers(fixture.reader))
            #expect(read.status == .ok)
            #expect(read.json["events"]?.arrayValue?.count == 1)
            #expect(read.json["events"]?[0]?["type"]?.stringValue == "dev.opx.signal.ingested")
            #expect(read.json["next"]?.int64Value == 1)
        }
    }

    @Test func aRetriedAppendWithTheSameIdsAppendsNothing() async throws {
        let fixture = try await ServerFixture()
        let id = EventID.random().description
        try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                 headers: ServerFixture.headers(fixture.ingester), body: appendBody(signalPayload(1), id: id))
            let retry = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                 headers: ServerFixture.headers(fixture.ingester), body: appendBody(signalPayload(1), id: id))
            #expect(first.status == .created)
            #expect(retry.status == .ok)
            #expect(retry.json["duplicate"]?.boolValue == true)
            #expect(retry.json["firstPosition"] == first.json["firstPosition"])
        }
        #expect(try fixture.log.head().position == LogPosition(1))
    }

    @Test func aWrongExpectedRevisionIsAConflict() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let created = try await client.execute(uri: "/v1/streams/signals-test", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                                   body: appendBody(signalPayload(1), expected: #""no-stream""#))
            #expect(created.status == .created)
            let conflict = try await client.execute(uri: "/v1/streams/signals-test", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                                    body: appendBody(signalPayload(2), expected: "5"))
            #expect(conflict.status == .conflict)
            #expect(conflict.json["error"]?["pointer"]?.stringValue == "/expectedRevision")
            let next = try await client.execute(uri: "/v1/streams/signals-test", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                                body: appendBody(signalPayload(2), expected: "0"))
            #expect(next.status == .created)
        }
        #expect(try fixture.log.head().position == LogPosition(2))
    }

    @Test(arguments: [
        ("{\"events\": [", 400, "malformed-json", nil as String?),
        ("{\"events\": []}", 400, "invalid-field", "/events"),
        ("{\"events\": [{\"data\": {}}]}", 400, "invalid-field", "/events/0/type"),
        ("{\"events\": [{\"type\": \"signal.ingested\"}]}", 400, "invalid-field", "/events/0/data"),
        ("{\"events\": [{\"type\": \"signal.ingested\", \"data\": {}, \"colour\": 1}]}", 400, "invalid-field", "/events/0/colour"),
        ("{\"events\": [{\"type\": \"signal.ingested\", \"data\": {}, \"id\": \"nope\"}]}", 400, "invalid-field", "/events/0/id"),
        ("{\"expectedRevision\": -1, \"events\": [{\"type\": \"signal.ingested\", \"data\": {}}]}", 400, "invalid-field", "/expectedRevision"),
        ("{\"events\": [{\"type\": \"signal.ingested\", \"data\": {\"signalId\": 5}}]}", 422, "invalid-event", "/events/0/data"),
        ("{\"events\": [{\"type\": \"no.such-type\", \"data\": {}}]}", 422, "invalid-event", "/events/0/type"),
    ])
    func badAppendBodiesNameTheFieldAndAppendNothing(body: String, status: Int, code: String, pointer: String?) async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                    headers: ServerFixture.headers(fixture.ingester), body: ByteBuffer(string: body))
            #expect(response.status.code == status)
            #expect(response.json["error"]?["code"]?.stringValue == code)
            if let pointer { #expect(response.json["error"]?["pointer"]?.stringValue?.hasPrefix(pointer) == true) }
            #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false)
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func aWrongContentTypeIsUnsupportedMediaType() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let wrong = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                 headers: ServerFixture.headers(fixture.ingester, contentType: "text/plain"), body: appendBody(signalPayload(1)))
            #expect(wrong.status == .unsupportedMediaType)
            #expect(wrong.json["error"]?["pointer"]?.stringValue == "Content-Type")
            let missing = try await client.execute(uri: "/v1/streams/signals-test", method: .post,
                                                   headers: ServerFixture.headers(fixture.ingester, contentType: nil), body: appendBody(signalPayload(1)))
            #expect(missing.status == .unsupportedMediaType)
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func oversizedBodiesAndBatchesAreTooLarge() async throws {
        let fixture = try await ServerFixture { $0.maxBodyBytes = 2048; $0.maxBatchEvents = 2 }
        try await fixture.test { client in
            let big = try await client.execute(uri: "/v1/streams/signals-test", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                               body: ByteBuffer(string: "{\"events\": [\"" + String(repeating: "x", count: 4096) + "\"]}"))
            #expect(big.status == .contentTooLarge)
            #expect(big.json["error"]?["message"]?.stringValue?.contains("2048 bytes") == true)
            let event = #"{"type":"signal.ingested","data":\#(signalPayload(1))}"#
            let batch = try await client.execute(uri: "/v1/streams/signals-test", method: .post, headers: ServerFixture.headers(fixture.ingester),
                                                 body: ByteBuffer(string: "{\"events\": [\(event),\(event),\(event)]}"))
            #expect(batch.status == .contentTooLarge)
            #expect(batch.json["error"]?["pointer"]?.stringValue == "/events")
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func theWholeLogIsReadInPages() async throws {
        let fixture = try await ServerFixture()
        for n in 1...5 {
            _ = try await fixture.log.append(to: try StreamID("signals-s\(n)"), events: [
                ProposedEvent(type: try EventType("signal.ingested"), data: try JSONParser.parse(signalPayload(n))),
            ])
        }
        try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/events?limit=3", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(first.json["events"]?.arrayValue?.count == 3)
            #expect(first.json["next"]?.int64Value == 4)
            let rest = try await client.execute(uri: "/v1/events?from=4&limit=100", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(rest.json["events"]?.arrayValue?.map { $0["opxposition"]?.stringValue } == ["00000000000000000004", "00000000000000000005"])
            let bad = try await client.execute(uri: "/v1/events?from=x", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"]?["pointer"]?.stringValue == "from")
            let missing = try await client.execute(uri: "/v1/streams/signals-none", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(missing.status == .notFound)
        }
    }
}

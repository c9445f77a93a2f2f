import OPXEvents
import Testing

/// Rejected input gets a clear error: which event, which field (JSON Pointer), what was expected, what was found.
@Suite struct ValidationMessageTests {
    let registry = EventRegistry()

    private func opened(_ changes: [(String, JSONValue?)] = []) throws -> JSONValue {
        var object = try #require(TestFiles.validFixtures().first { $0.path == "valid/incident.opened.v1.json" }?.value.objectValue)
        for (key, value) in changes { object[key] = value }
        return .object(object)
    }

    @Test func badEnumNamesPointerExpectedAndFound() throws {
        let payload = try opened([("severity", "SEV9")])
        #expect {
            try registry.validate(type: IncidentOpened.eventType, version: 1, payload: payload)
        } throws: { error in
            (error as? CatalogueError)?.description == #"/severity: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9""#
        }
    }

    @Test func batchErrorNamesTheEventIndexTypeAndDataPointer() throws {
        let good = try ProposedEvent(IncidentOpened(jsonPayload: try opened()))
        let bad = ProposedEvent(id: EventID(high: 0x0F8F_AD5B_D9CB_469F, low: 0xA165_7086_7728_950E),
                                type: IncidentOpened.eventType, data: try opened([("severity", "SEV9"), ("title", "")]))
        do {
            try registry.validate([good, good, bad])
            Issue.record("the batch must be rejected")
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.eventIndex == 2)
            #expect(error.eventType == IncidentOpened.eventType)
            #expect(error.failures.map(\.pointer) == ["/data/severity", "/data/title"])
            #expect(error.description == "event 2 (incident.opened v1, id 0f8fad5b-d9cb-469f-a165-70867728950e): "
                + #"/data/severity: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"; "#
                + #"/data/title: expected at least 1 character, found an empty string"#)
        }
    }

    @Test(arguments: [
        ("severity", JSONValue.number(JSONNumber(Int64(2))), #"/severity: expected a string, found 2"#),
        ("openedAt", "yesterday", #"/openedAt: expected an RFC 3339 date-time such as 2026-11-24T06:28:46Z, found "yesterday""#),
        ("incidentId", "42", #"/incidentId: expected a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, found "42""#),
        ("title", JSONValue.string(String(repeating: "x", count: 600)),
         #"/title: expected at most 512 characters, found 600 characters"#),
        ("priority", "P1", "/priority: expected no such member (allowed: detectionId, incidentId, openedAt, service, "
            + #"services, severity, signalIds, summary, title), found an unexpected member"#),
        ("signalIds", ["not-a-uuid"], #"/signalIds/0: expected a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, found "not-a-uuid""#),
        ("services", JSONValue.null, "/services: expected an array, found null"),
        ("title", nil, "/title: expected a required member, found none"),
    ] as [(String, JSONValue?, String)])
    func messagesSayWhereWhatAndWhy(_ key: String, _ value: JSONValue?, _ message: String) throws {
        let payload = try opened([(key, value)])
        do {
            try registry.validate(type: IncidentOpened.eventType, version: 1, payload: payload)
            Issue.record("must be rejected")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func longFoundValuesAreCutNotCopied() throws {
        let secretish = String(repeating: "A", count: 500)
        let payload = try opened([("severity", .string(secretish))])
        do {
            try registry.validate(type: IncidentOpened.eventType, version: 1, payload: payload)
        } catch {
            #expect(error.description.count < 200)
            #expect(error.description.hasSuffix(#"found ""# + String(repeating: "A", count: 40) + #""…"#))
        }
    }

    @Test func unknownTypesAndVersionsAreRejectedWithAWayForward() throws {
        let custom = try EventType("acme.widget-made")
        #expect {
            try registry.validate(type: custom, version: 1, payload: [:])
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .unknownType
                && error?.description == "unknown event type \"acme.widget-made\": register it first with "
                + "`opx schema add acme.widget-made SCHEMA.json` (`opx schema list` shows the known types)"
        }
        #expect {
            try registry.validate(type: SignalIngested.eventType, version: 3, payload: [:])
        } throws: { error in
            (error as? CatalogueError)?.description == "signal.ingested has no schema v3 (known: v1)"
        }
        let event = ProposedEvent(type: custom, data: [:])
        #expect {
            try registry.validate([event])
        } throws: { error in
            (error as? CatalogueError)?.description.hasPrefix("event 0 (acme.widget-made v1, id ") == true
        }
    }

    @Test func invalidUTF8IsRejectedAsInvalidJSON() throws {
        var bytes = Array(#"{"title":"caf"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        #expect {
            _ = try registry.validatedPayload(type: IncidentOpened.eventType, version: 1, json: bytes)
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .invalidJSON && error?.description.contains("UTF-8") == true
        }
    }

    @Test func deeplyNestedJSONIsRejectedWithoutStackOverflow() throws {
        let bytes = Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8)
        #expect {
            _ = try registry.validatedPayload(type: IncidentOpened.eventType, version: 1, json: bytes)
        } throws: { error in
            let error = error as? CatalogueError
            return error?.code == .invalidJSON && error?.description.contains("nest") == true
        }
        // Nesting the parser accepts, inside an open string map, is still checked to the end.
        var value: JSONValue = "leaf"
        for _ in 0..<60 { value = ["deeper": value] }
        let payload = try opened([("summary", value)])
        #expect(throws: CatalogueError.self) {
            try registry.validate(type: IncidentOpened.eventType, version: 1, payload: payload)
        }
    }

    @Test func agentOutputErrorsPointIntoTheDocument() throws {
        let fixture = try #require(TestFiles.validFixtures().first { $0.path == "valid/agents/response-strategy.v1.json" })
        var document = try #require(fixture.value.objectValue)
        document["confidence"] = 1.5
        do {
            try registry.validateAgentOutput(.object(document), schemaID: ResponseStrategyOutput.schemaID)
            Issue.record("must be rejected")
        } catch {
            #expect(error.description == "/confidence: expected a number ≤ 1, found 1.5")
        }
        #expect(throws: CatalogueError.self) {
            try registry.validateAgentOutput(.object(document), schemaID: "opx:agent/unknown/v1")
        }
    }
}

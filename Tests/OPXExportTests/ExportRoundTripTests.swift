import OPXEventLog
import OPXEvents
import OPXExport
import OPXTesting
import Testing

@Suite("Export round trips")
struct ExportRoundTripTests {
    /// Every selection the CLI offers, with the events it must hold.
    static func selections(_ events: [RecordedEvent]) throws -> [(String, ExportSelection, (RecordedEvent) -> Bool)] {
        let stream = events.first { $0.stream.rawValue.hasPrefix("investigation-") }!.stream
        let middle = events[events.count / 2].recordedAt, late = events[events.count * 3 / 4].recordedAt
        return [
            ("all", ExportSelection(), { _ in true }),
            ("stream", ExportSelection(stream: stream), { $0.stream == stream }),
            ("category", ExportSelection(category: "incident"), { $0.stream.rawValue.hasPrefix("incident-") }),
            ("type", ExportSelection(types: [try EventType("usage.recorded"), try EventType("incident.opened")]),
             { ["usage.recorded", "incident.opened"].contains($0.type.rawValue) }),
            ("from/to", ExportSelection(from: LogPosition(100), to: LogPosition(250)), { (100...250).contains($0.position.rawValue) }),
            ("since/until", ExportSelection(since: middle, until: late), { $0.recordedAt >= middle && $0.recordedAt <= late }),
            ("category+from", ExportSelection(category: "investigation", from: LogPosition(300)),
             { $0.stream.rawValue.hasPrefix("investigation-") && $0.position.rawValue >= 300 }),
        ]
    }

    @Test("every selection exports exactly its events, in log order, and verifies in every format")
    func everySelectionAndFormatVerifies() async throws {
        let fixture = try await ExportFixture.make()
        let events = try fixture.allEvents()
        for (name, selection, expected) in try Self.selections(events) {
            let bytes = try await fixture.export(selection)
            let report = ExportVerifier.verify(bytes: bytes)
            #expect(report.isValid, "\(name): \(report.problems)")
            let positions = try eventLines(bytes).map { UInt64($0["opxposition"]!.stringValue!)! }
            let wanted = events.filter(expected).map(\.position.rawValue)
            #expect(!wanted.isEmpty, "\(name) selects nothing in the fixture")
            #expect(positions == wanted, "\(name)")
            #expect(report.summary?.count == UInt64(wanted.count))
            #expect(report.summary?.contiguous == selection.isContiguous)

            let batch = try await fixture.export(selection, format: .batch)
            let batchReport = ExportVerifier.verify(bytes: batch)
            #expect(batchReport.isValid && batchReport.format == .batch && batchReport.events == UInt64(wanted.count), "\(name) batch: \(batchReport.problems)")

            let otlp = try await fixture.export(selection, format: .otlp)
            let otlpReport = ExportVerifier.verify(bytes: otlp)
            let spans = events.filter { expected($0) && $0.type.rawValue == "trace.span-recorded" }.count
            #expect(otlpReport.isValid && otlpReport.format == .otlp && otlpReport.events == UInt64(spans), "\(name) otlp: \(otlpReport.problems)")
        }
    }

    @Test("an investigation export holds its stream, its incident and its signals, in log order")
    func investigationSelection() async throws {
        let fixture = try await ExportFixture.make()
        let events = try fixture.allEvents()
        let started = events.first { $0.type.rawValue == "investigation.started" }!
        let data = try started.json
        let investigation = EntityID(data["investigationId"]!.stringValue!)!
        let incident = data["incidentId"]!.stringValue!
        let opened = events.first { $0.stream.rawValue == "incident-\(incident)" && $0.type.rawValue == "incident.opened" }!
        let signals = Set(try opened.json["signalIds"]!.arrayValue!.map { $0.stringValue! })
        let wanted = try events.filter { event in
            if event.stream == started.stream || event.stream.rawValue == "incident-\(incident)" { return true }
            guard event.type.rawValue == "signal.ingested" else { return false }
            return signals.contains(try event.json["signalId"]!.stringValue!)
        }.map(\.position.rawValue)

        let bytes = try await fixture.export(ExportSelection(investigation: investigation))
        let report = ExportVerifier.verify(bytes: bytes)
        #expect(report.isValid, "\(report.problems)")
        #expect(try eventLines(bytes).map { UInt64($0["opxposition"]!.stringValue!)! } == wanted)
        #expect(report.summary?.selection["investigation"] == investigation.description)
    }

    @Test("an unknown investigation is an error that says how to list them")
    func unknownInvestigation() async throws {
        let fixture = try await ExportFixture.make()
        await #expect(throws: ExportError.self) { _ = try await fixture.export(ExportSelection(investigation: .random())) }
    }

    @Test("re-exporting the same range gives identical bytes, whatever the page and chunk sizes (INV-10)")
    func reExportIsByteIdentical() async throws {
        let fixture = try await ExportFixture.make()
        for selection in [ExportSelection(to: LogPosition(400)), ExportSelection(category: "investigation"),
                          ExportSelection(stream: try fixture.allEvents()[10].stream)] {
            let first = try await fixture.export(selection)
            let paged = try await fixture.export(selection, chunkBytes: 1000, pageSize: 7)
            #expect(first == paged)
            _ = try await fixture.log.append(to: TestEvents.stream("late-1"), events: [TestEvents.event()])
            #expect(try await fixture.export(selection) == first, "events appended later do not change the export of a selection that excludes them")
        }
    }

    @Test("an export of a range verifies against the chain links at its ends (INV-10)")
    func rangeAnchorsToTheLog() async throws {
        let fixture = try await ExportFixture.make()
        let events = try fixture.allEvents()
        let bytes = try await fixture.export(ExportSelection(from: LogPosition(50), to: LogPosition(60)))
        let summary = try #require(ExportVerifier.verify(bytes: bytes).summary)
        #expect(summary.anchorHash == events[48].hash)
        #expect(summary.lastHash == events[59].hash)
        #expect(summary.firstPosition == 50 && summary.lastPosition == 60 && summary.count == 11)
    }

    @Test("OTLP spans carry the GenAI attribute names, hex ids and the opx event links")
    func otlpSpans() async throws {
        let fixture = try await ExportFixture.make()
        let bytes = try await fixture.export(format: .otlp)
        let document = try JSONParser.parse(bytes)
        let spans = try #require(document["resourceSpans"]?[0]?["scopeSpans"]?[0]?["spans"]?.arrayValue)
        let span = try #require(spans.first)
        let keys = Set(span["attributes"]!.arrayValue!.compactMap { $0["key"]?.stringValue })
        #expect(keys.isSuperset(of: ["gen_ai.request.model", "gen_ai.usage.input_tokens", "opx.event.hash", "opx.event.position"]))
        #expect(span["traceId"]?.stringValue?.utf8.count == 32 && span["spanId"]?.stringValue?.utf8.count == 16)
        #expect(span["startTimeUnixNano"]?.stringValue.flatMap { UInt64($0) } != nil)
        let tokens = span["attributes"]!.arrayValue!.first { $0["key"]?.stringValue == "gen_ai.usage.input_tokens" }
        #expect(tokens?["value"]?["intValue"]?.stringValue != nil)
    }
}

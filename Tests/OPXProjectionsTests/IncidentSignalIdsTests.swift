import OPXEventLog
import OPXEvents
import OPXProjections
import OPXTesting
import Testing

/// An incident's signal ids live in small chunks beside its row, so an attach never rewrites a long list.
@Suite struct IncidentSignalIdsTests {
    @Test func signalIdsAreStoredInChunksAndReadBackWholeInAttachOrder() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let id = EntityID.random(), stream = try StreamID("incident-\(id)")
        let signals = (0..<48).map { _ in EntityID.random() }
        let opened = IncidentOpened(incidentId: id, title: "checkout 5xx", service: "checkout", severity: .sev2,
                                    openedAt: try Timestamp(rfc3339: "2026-11-24T06:00:00Z"), signalIds: Array(signals.prefix(3)))
        var events = [try ProposedEvent(opened)]
        for signal in signals.dropFirst(3) + [signals[7]] {   // the last one attaches a known signal again
            events.append(try ProposedEvent(IncidentSignalAttached(incidentId: id, signalId: signal)))
        }
        _ = try await store.log.append(to: stream, events: events)
        var fold = FoldSet(projections: [IncidentsProjection()])
        try fold.fold(store.log)
        var rows = try #require(fold.rows("incidents"))

        let incident = try #require(try IncidentsProjection.incident(id.description, in: &rows))
        #expect(incident.signalIds == signals.map(\.description))
        #expect(incident.signalCount == 48)
        let stored = try #require(try rows.get(IncidentsProjection.key(id.description), as: IncidentRow.self))
        #expect(stored.signalIds.isEmpty)
        let chunks = try rows.scan(prefix: "incident-signals/\(id)/", as: SignalIdChunk.self)
        #expect(chunks.map(\.row.ids.count) == [20, 20, 8])
        #expect(try IncidentsProjection.incidents(in: &rows).map(\.signalIds) == [incident.signalIds])
    }

    @Test("v2 attachments of several signals give the incident the rows that v1 attachments of one signal each give")
    func severalSignalsPerAttachmentFoldLikeOnePerEvent() async throws {
        let id = EntityID.random(), stream = try StreamID("incident-\(id)")
        let signals = (0..<30).map { _ in EntityID.random() }
        let opened = try ProposedEvent(IncidentOpened(incidentId: id, title: "checkout 5xx", service: "checkout", severity: .sev2,
                                                      openedAt: try Timestamp(rfc3339: "2026-11-24T06:00:00Z"), signalIds: [signals[0]]))
        let resolved = try ProposedEvent(IncidentResolved(incidentId: id, resolvedAt: try Timestamp(rfc3339: "2026-11-24T07:00:00Z"),
                                                          reason: .allSignalsResolved))
        // v1: one event per signal (as written by earlier versions); v2: the same signals in three events.
        let v1 = signals.dropFirst().map { signal in
            ProposedEvent(type: IncidentSignalAttached.eventType, schemaVersion: 1,
                          data: ["incidentId": .string(id.description), "signalId": .string(signal.description), "fingerprint": "fp"])
        }
        let v2 = try [1..<12, 12..<25, 25..<30].map { range in
            try ProposedEvent(IncidentSignalAttached(incidentId: id, signalIds: Array(signals[range]), fingerprints: range.map { _ in "fp" }))
        }
        var incidents: [IncidentRow] = []
        var chunks: [[String]] = []
        for attachments in [v1, v2] {
            let store = try await TemporaryEventLog()
            defer { store.log.close() }
            _ = try await store.log.append(to: stream, events: [opened] + attachments + [resolved])
            var fold = FoldSet(projections: [IncidentsProjection()])
            try fold.fold(store.log)
            var rows = try #require(fold.rows("incidents"))
            var incident = try #require(try IncidentsProjection.incident(id.description, in: &rows))
            #expect(incident.signalIds == signals.map(\.description))
            #expect(incident.status == "resolved")
            // Only the event counts and positions differ.
            incident.events = 0
            incident.lastPosition = nil
            incident.updatedAt = nil
            incidents.append(incident)
            chunks.append(try rows.scan(prefix: "incident-signals/\(id)/", as: SignalIdChunk.self).flatMap(\.row.ids))
        }
        #expect(incidents[0] == incidents[1])
        #expect(chunks[0] == chunks[1] && chunks[0] == signals.map(\.description))
    }

    @Test("history describes a v1 attachment by its signal and a v2 one by its count and first signals")
    func attachmentsAreDescribedInBothShapes() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let id = EntityID.random()
        let signals = (0..<5).map { _ in EntityID.random() }
        _ = try await store.log.append(to: try StreamID("incident-\(id)"), events: [
            ProposedEvent(type: IncidentSignalAttached.eventType, schemaVersion: 1,
                          data: ["incidentId": .string(id.description), "signalId": .string(signals[0].description)]),
            try ProposedEvent(IncidentSignalAttached(incidentId: id, signalId: signals[1])),
            try ProposedEvent(IncidentSignalAttached(incidentId: id, signalIds: signals)),
        ])
        let lines = try store.log.read(limit: 10).map { EventDescriber.describe(ProjectionEvent($0)) }
        let ids = signals.map(\.description)
        #expect(lines == ["signal \(ids[0]) attached", "signal \(ids[1]) attached",
                          "5 signals attached: \(ids[0]), \(ids[1]), \(ids[2]), …"])
    }
}

/// An incident that keeps no more signal ids counts new ones without reading its chunks (its Bloom filter shows they
/// are not among the kept ids), and still gives the row a fold of its whole stream gives.
@Suite struct IncidentSignalFilterTests {
    @Test func attachingToAFullIncidentGivesTheRowOfAFoldOfItsWholeStream() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let id = EntityID.random(), stream = try StreamID("incident-\(id)")
        let signals = (0..<260).map { _ in EntityID.random() }
        var events = [try ProposedEvent(IncidentOpened(incidentId: id, title: "checkout 5xx", service: "checkout", severity: .sev2,
                                                       openedAt: try Timestamp(rfc3339: "2026-11-24T06:00:00Z"),
                                                       signalIds: Array(signals.prefix(5))))]
        for start in stride(from: 5, to: 260, by: 5) {
            events.append(try ProposedEvent(IncidentSignalAttached(incidentId: id, signalIds: Array(signals[start..<(start + 5)]))))
        }
        // Once full: kept ids again (the filter holds them), one beyond the kept ones again (counted again), and a new
        // signal twice in one event (counted twice, as before the filter).
        let fresh = EntityID.random()
        for again in [[signals[3], signals[150]], [signals[230]], [fresh, fresh, signals[0]]] {
            events.append(try ProposedEvent(IncidentSignalAttached(incidentId: id, signalIds: again)))
        }
        _ = try await store.log.append(to: stream, events: events)
        var fold = FoldSet(projections: [IncidentsProjection()])
        try fold.fold(store.log)
        var rows = try #require(fold.rows("incidents"))
        var whole = IncidentRow(id: id.description)
        for event in try store.log.read(limit: 100) { whole.apply(ProjectionEvent(event)) }

        let incident = try #require(try IncidentsProjection.incident(id.description, in: &rows))
        #expect(incident == whole)
        #expect(incident.signalIds == signals.prefix(200).map(\.description))
        #expect(incident.signalCount == 263)
        let filter = try #require(try rows.get("incident-signal-filter/\(id)", as: SignalIdFilter.self))
        #expect(signals.prefix(200).allSatisfy { filter.mayContain($0.description) })
        #expect(try SignalIdFilter(row: RowDecoder(filter.json)) == filter)
    }
}

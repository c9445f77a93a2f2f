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
}

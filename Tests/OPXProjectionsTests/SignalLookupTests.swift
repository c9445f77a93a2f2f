import OPXEventLog
import OPXEvents
import OPXProjections
import OPXTesting
import Testing

/// Signals are read from the log, not from copies in the incidents projection: only a signal whose id differs from its
/// event's id has a row, and it holds only the event's position.
@Suite struct SignalLookupTests {
    @Test func signalsAreFoundThroughTheLogAndOnlyThoseNamedApartFromTheirEventsHaveARow() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let at = try Timestamp(rfc3339: "2026-11-24T06:00:00Z")
        let adapter = EntityID.random(), byHand = EntityID.random()
        func signal(_ id: EntityID, _ name: String) -> SignalIngested {
            SignalIngested(signalId: id, source: "alertmanager", fingerprint: "fp-\(name)", status: .firing, name: name,
                           service: "checkout", severity: "critical", startsAt: at)
        }
        // As adapters append them: the signal id is the event id.
        let first = try await store.log.append(to: try StreamID("signals-alertmanager"),
                                               events: [try ProposedEvent(signal(adapter, "HighErrorRate"), id: adapter.uuid)])
        // As `opx append` may: another event id.
        _ = try await store.log.append(to: try StreamID("signals-manual"), events: [try ProposedEvent(signal(byHand, "Latency"))])
        var fold = FoldSet(projections: [IncidentsProjection()])
        try fold.fold(store.log)
        var rows = try #require(fold.rows("incidents"))
        #expect(try rows.scan(prefix: "signal/", as: SignalPosition.self).map(\.key) == ["signal/\(byHand)"])

        let unknown = EntityID.random().description
        let lookup = try SignalLookup([adapter.description, byHand.description, unknown, "not-a-uuid"], rows: &rows)
        let found = try lookup.signals(in: store.log)
        #expect(found.map(\.id) == [adapter.description, byHand.description, unknown, "not-a-uuid"])
        #expect(found.map { $0.signal?.name } == ["HighErrorRate", "Latency", nil, nil])
        #expect(found[0].signal?.stream == "signals-alertmanager" && found[0].signal?.service == "checkout")
        #expect(found[0].signal?.position == Int64(first.firstPosition))
        // At a cut before the second signal, only the first one was there.
        let cut = try lookup.signals(in: store.log, cut: LogPosition(first.firstPosition))
        #expect(cut.map { $0.signal?.name } == ["HighErrorRate", nil, nil, nil])
        // An event that is not a signal is not taken for one, even when an incident names its id.
        let other = EntityID.random()
        _ = try await store.log.append(to: try StreamID("changes-checkout"), events: [
            try ProposedEvent(ChangeRecorded(changeId: other, service: "checkout", kind: .deployment, at: at, summary: "deploy"),
                              id: other.uuid),
        ])
        #expect(try SignalLookup([other.description]).signals(in: store.log)[0].signal == nil)
    }
}

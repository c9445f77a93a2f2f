import OPXEventLog
import OPXEvents
import OPXProjections
import Testing

/// Folding pages: which events each member gets (the fold loop prefetches ahead of the event it folds).
@Suite struct FoldSetTests {
    /// A fold that writes one row per event it gets, keyed by the event's position.
    struct PositionsProjection: Projection {
        let eventTypes: [String]
        var name: String { "positions" }
        var version: Int { 1 }
        func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
            rows.put(RowKey.padded(event.position.rawValue), MarkerRow())
        }
    }

    /// Every member gets exactly the events of its types after its position and up to its limit, in
    /// log order, whatever the page size, also when members at different positions share pages.
    @Test(arguments: [1, 2, 7, 4096])
    func membersGetTheirEventsBetweenTheirPositionAndLimitInOrder(pageSize: Int) async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let events = try fixture.log.read(from: .start, limit: 100_000)
        let types = ["agent.invoked", "agent.output-recorded", "signal.ingested"]
        let head = try #require(events.last).position.rawValue
        let bounds: [(after: UInt64, until: UInt64)] = [(0, .max), (head / 3, .max), (head / 4, head / 2), (head / 2, head / 2 + 40)]
        var fold = FoldSet(projections: bounds.map { _ in PositionsProjection(eventTypes: types) })
        for (i, b) in bounds.enumerated() {
            fold.members[i].applied = LogPosition(b.after)
            fold.members[i].until = LogPosition(b.until)
        }
        try fold.fold(fixture.log, pageSize: pageSize)
        for (i, b) in bounds.enumerated() {
            let expected = events.filter { types.contains($0.type.rawValue) && $0.position.rawValue > b.after && $0.position.rawValue <= b.until }
                .map { RowKey.padded($0.position.rawValue) }
            #expect(!expected.isEmpty)
            var rows = fold.members[i].rows
            #expect(try rows.scan(prefix: "", as: MarkerRow.self).map(\.key) == expected, "member \(i)")
        }
    }
}

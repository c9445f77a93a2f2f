package import OPXEventLog
package import OPXEvents

/// Finds ingested signals by signal id in the log itself, which already holds every `signal.ingested` event: the
/// incidents projection keeps no copy of them.
///
/// A signal from an adapter has its event's id as its signal id, so the log's event-id index finds it. Only a signal
/// whose id differs from its event's (one appended by hand, `opx append` or a `dev.opx.signal.ingested` CloudEvent)
/// has a row, `signal/<signal id>` → ``SignalPosition``, in the incidents projection.
///
/// A lookup has two steps, because a read of the projection's rows is a read transaction and read transactions do
/// not nest: collect the rows inside it, then resolve the events after it. The log is append-only, so the later
/// reads find the same events the cut held; ``signals(in:cut:)`` leaves out any appended after the cut.
///
/// ```swift
/// let lookup = try ProjectionStore(log: log).read([IncidentsProjection()]) { reader in
///     try reader.withRows("incidents") { try SignalLookup(incident.signalIds, rows: &$0) }
/// }
/// let signals = try lookup.signals(in: log)
/// ```
package struct SignalLookup: Sendable {
    /// The signal ids, in the order asked.
    package let ids: [String]
    /// Where the signals whose ids differ from their events' ids are.
    private var positions: [String: LogPosition] = [:]

    /// A lookup of `ids` through the log's event-id index alone (when the incidents projection is not built, signals
    /// whose ids differ from their events' are not found).
    package init(_ ids: [String]) { self.ids = ids }

    /// A lookup of `ids`, reading the rows of those whose ids differ from their events' ids from `rows` (the incidents
    /// projection's).
    ///
    /// - Throws: A storage or row decoding error.
    package init(_ ids: [String], rows: inout ProjectionRows) throws {
        self.ids = ids
        for id in ids {
            if let row = try rows.get(Self.key(id), as: SignalPosition.self) { positions[id] = row.position }
        }
    }

    /// Each id with its signal as the log holds it, `nil` where the log has none (or, with `cut`, none at or before it).
    ///
    /// Call it outside any read transaction: each lookup is one.
    /// - Throws: A storage error.
    package func signals(in log: EventLog, cut: LogPosition? = nil) throws -> [(id: String, signal: SignalRow?)] {
        try ids.map { id in
            let event = if let position = positions[id] {
                try log.read(from: position, limit: 1).first.flatMap { $0.position == position ? $0 : nil }
            } else {
                try EventID(id).flatMap { try log.event(id: $0) }
            }
            guard let event, event.type == SignalIngested.eventType, cut.map({ event.position <= $0 }) ?? true else {
                return (id, nil)
            }
            let signal = ProjectionEvent(event)
            return (id, signal.payload.string("signalId") == id ? SignalRow(signal) : nil)
        }
    }

    /// The row key of signal `id` when its id differs from its event's.
    static func key(_ id: String) -> String { "signal/\(id)" }
}

/// Where a signal whose id differs from its event's id is in the log (row `signal/<signal id>` of the incidents
/// projection).
package struct SignalPosition: ProjectionRow, Hashable {
    /// The `signal.ingested` event's position.
    package var position: LogPosition

    init(_ position: LogPosition) { self.position = position }

    package func encode(to e: inout RowEncoder) { e.object { e in e.field("position", Int64(position.rawValue)) } }

    package init(row d: RowDecoder) throws(RowDecodingError) { position = LogPosition(UInt64(try d.int("position"))) }
}

package import OPXEventLog
package import OPXEvents
package import OPXStorage

/// Finds ingested signals by signal id in the log itself, which already holds every `signal.ingested` event: the
/// incidents projection keeps no copy of them.
///
/// A signal from an adapter has its event's id as its signal id, so the log's event-id index finds it. Only a signal
/// whose id differs from its event's (one appended by hand, `opx append` or a `dev.opx.signal.ingested` CloudEvent)
/// has a row, `signal/<signal id>` → ``SignalPosition``, in the incidents projection.
///
/// A lookup reads the projection's rows of the ids first, then the events: inside the same read transaction
/// (``signals(in:txn:cut:)``, or ``ProjectionReader/signals(_:)``: one consistent cut), or in a read
/// transaction of its own (``signals(in:cut:)``): the log is append-only, so it finds the same events,
/// and `cut` leaves out any appended since.
///
/// ```swift
/// let signals = try ProjectionStore(log: log).read([IncidentsProjection()]) { reader in
///     try reader.signals(try reader.withRows("incidents") { try SignalLookup(incident.signalIds, rows: &$0) })
/// }
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

    /// Each id with its signal as the log holds it, `nil` where the log has none (or, with `cut`, none at or before it),
    /// all read in one read transaction.
    ///
    /// Call it outside any read transaction (they do not nest); inside one, use ``signals(in:txn:cut:)``.
    /// - Throws: A storage error.
    package func signals(in log: EventLog, cut: LogPosition? = nil) throws -> [(id: String, signal: SignalRow?)] {
        try log.environment.read { txn in try signals(in: log, txn: txn, cut: cut) }
    }

    /// Each id with its signal as `txn` sees the log, `nil` where the log has none (or, with `cut`, none at or before
    /// it): the same cut as everything else `txn` reads.
    /// - Throws: A storage error.
    package func signals(in log: EventLog, txn: borrowing some Transaction & ~Copyable,
                         cut: LogPosition? = nil) throws -> [(id: String, signal: SignalRow?)] {
        var out: [(id: String, signal: SignalRow?)] = []
        out.reserveCapacity(ids.count)
        for id in ids {
            let event = if let position = positions[id] {
                try log.event(at: position, in: txn)
            } else {
                try EventID(id).flatMap { try log.event(id: $0, in: txn) }
            }
            guard let event, event.type == SignalIngested.eventType, cut.map({ event.position <= $0 }) ?? true else {
                out.append((id, nil))
                continue
            }
            let signal = ProjectionEvent(event)
            out.append((id, signal.payload.string("signalId") == id ? SignalRow(signal) : nil))
        }
        return out
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

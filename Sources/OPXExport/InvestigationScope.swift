import OPXEventLog
import OPXEvents
import OPXProjections

/// The log positions an investigation export holds: the investigation's stream, its incident's
/// stream, and the `signal.ingested` events of the signals attached to that incident, in log order.
enum InvestigationScope {
    /// The sorted positions for investigation `id`, none after `cut`.
    /// - Throws: ``ExportError`` `.notFound` when the log has no such investigation.
    static func positions(of id: EntityID, in log: EventLog, cut: UInt64) throws -> [UInt64] {
        let stream = StreamID.investigation(id)
        var positions: [UInt64] = []
        var incident: EntityID?
        try forEachEvent(of: stream, in: log) { event in
            if incident == nil, event.type.rawValue == "investigation.started" {
                incident = (try? event.json)?["incidentId"]?.stringValue.flatMap(EntityID.init)
            }
            positions.append(event.position.rawValue)
        }
        guard !positions.isEmpty else {
            throw ExportError(.notFound, "no investigation \(id): the log has no stream \(stream) (list them with `opx investigations`)")
        }
        var signals = Set<EntityID>()
        if let incident {
            try forEachEvent(of: .incident(incident), in: log) { event in
                positions.append(event.position.rawValue)
                guard let data = try? event.json else { return }
                if let id = data["signalId"]?.stringValue.flatMap(EntityID.init) { signals.insert(id) }
                for id in data["signalIds"]?.arrayValue ?? [] { if let id = id.stringValue.flatMap(EntityID.init) { signals.insert(id) } }
            }
        }
        positions += try signalPositions(signals, in: log)
        return Array(Set(positions)).filter { $0 <= cut }.sorted()
    }

    /// Calls `body` with every event of `stream`, a page per read transaction.
    private static func forEachEvent(of stream: StreamID, in log: EventLog, _ body: (RecordedEvent) throws -> Void) throws {
        var revision: UInt64 = 0
        while true {
            let page = try log.read(stream: stream, from: revision, limit: 1024)
            for event in page { try body(event) }
            guard page.count == 1024, let last = page.last else { return }
            revision = last.revision + 1
        }
    }

    /// Where the `signal.ingested` events of `signals` are: through the log's event-id index (with the stored
    /// `incidents` projection's rows of signals whose ids differ from their events'), otherwise, when one is not
    /// found that way, by reading every `signals-*` stream.
    private static func signalPositions(_ signals: Set<EntityID>, in log: EventLog) throws -> [UInt64] {
        guard !signals.isEmpty else { return [] }
        let projection = IncidentsProjection()
        let ids = signals.map(\.description)
        let looked = try (try? ProjectionStore(log: log).read([projection]) { reader in
            try reader.signals(try reader.withRows(projection.name) { try SignalLookup(ids, rows: &$0) })
        }) ?? SignalLookup(ids).signals(in: log)
        let resolved = looked.map { $0.signal.map { UInt64($0.position) } }
        if !resolved.contains(nil) { return resolved.compactMap { $0 } }
        var found: [UInt64] = []
        var after: StreamID?
        while true {
            let heads = try log.streamHeads(prefix: "signals-", after: after, limit: 256)
            for head in heads {
                try forEachEvent(of: head.stream, in: log) { event in
                    guard event.type.rawValue == "signal.ingested",
                          let id = (try? event.json)?["signalId"]?.stringValue.flatMap(EntityID.init), signals.contains(id) else { return }
                    found.append(event.position.rawValue)
                }
            }
            guard heads.count == 256, let last = heads.last else { return found }
            after = last.stream
        }
    }
}

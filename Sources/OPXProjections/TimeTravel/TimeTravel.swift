package import OPXEventLog
package import OPXEvents
import OPXStorage

/// The state of any investigation or incident at any point of the log.
///
/// Folds only that investigation's own stream (found through the stream index, so the cost does
/// not grow with the log) into in-memory rows, stopping at the point asked for. Everything is read
/// in one read transaction — a consistent cut of the whole log — so the incident shown with it is
/// exactly as it was at the same position; its signals' events are read from the log right after,
/// up to the same cut (the log is append-only, so they are the ones the cut held).
///
/// ```swift
/// let travel = TimeTravel(log: log)
/// let then = try travel.investigation("0192…", at: .checkpoint("consensus"))
/// print(then.summary.status, then.stateDigest)
/// ```
package struct TimeTravel: Sendable {
    package let log: EventLog

    package init(log: EventLog) { self.log = log }

    // MARK: - Investigations

    /// The investigation `id` at `point`.
    /// - Throws: ``ProjectionError``: `.notFound` (no such investigation, or none yet at the point,
    ///   or no such checkpoint), `.beyondHead` (a position or revision past the end).
    package func investigation(_ id: String, at point: TimeTravelPoint = .head) throws -> InvestigationSnapshot {
        let stream = try streamID("investigation", id)
        let signalsDB = try? log.environment.database(IncidentsProjection().databaseName)
        let checkpointsDB = try? log.environment.database(CheckpointsProjection().databaseName)
        let positionsDB = try? log.environment.database(ProjectionPosition.databaseName)
        return try log.environment.read { txn -> InvestigationSnapshot in
            let head = try headPosition(txn)
            guard let streamHead = try log.head(of: stream, in: txn) else {
                throw ProjectionError(.notFound, "no investigation \(id): the log has no stream \(stream) (list them with `opx investigations`)")
            }
            let events = try log.read(in: txn, stream: stream, from: 0, limit: Int(streamHead.revision) + 1)
            // Checkpoints come from the stored projection when it has folded the cut (it holds the
            // same rows, read in this same transaction); otherwise they are folded here too.
            let stored = try storedCheckpoints(id, cut: events.last!.position, txn: txn, db: checkpointsDB, positions: positionsDB)
            let cut = try resolve(point, events: events, head: head, what: "investigation \(id)", txn: txn, checkpoints: stored)
            let included = events.prefix { $0.position <= cut }
            guard let last = included.last else {
                throw ProjectionError(.notFound, "investigation \(id) had not started at \(point) (its first event is at position \(events.first!.position), \(events.first!.recordedAt))")
            }
            var fold = FoldSet(projections: stored == nil ? [InvestigationsProjection(), CheckpointsProjection()] : [InvestigationsProjection()])
            for event in included { try fold.apply(ProjectionEvent(event)) }
            var rows = fold.members[0].rows
            let summary = try InvestigationsProjection.summary(id, in: &rows) ?? InvestigationSummary(id: id)
            let details = try rows.scan(prefix: InvestigationsProjection.detailPrefix(id), as: EventRecordRow.self)
            let checkpoints: [Checkpoint]
            if let stored {
                checkpoints = stored.filter { UInt64($0.position) <= cut.rawValue }
            } else {
                var checkpointRows = fold.members[1].rows
                checkpoints = try checkpointRows.scan(prefix: CheckpointsProjection.prefix(id), as: Checkpoint.self).map(\.row)
            }
            let (incident, lookup) = try incidentState(summary.incidentId, cut: cut, txn: txn, signalsDB: signalsDB)
            return InvestigationSnapshot(id: id, point: point, cut: cut, lastRevision: last.revision, lastPosition: last.position,
                                         lastTime: last.recordedAt, lastHash: last.hash, head: head, eventsIncluded: included.count,
                                         eventsTotal: events.count, summary: summary, details: details, checkpoints: checkpoints,
                                         incident: incident, signals: try lookup.signals(in: log, txn: txn, cut: cut))
        }
    }

    /// Every event of the investigation with a one-line description, and its checkpoints.
    package func history(investigation id: String) throws -> History {
        try history(stream: try streamID("investigation", id), what: "investigation \(id)", checkpoints: true)
    }

    /// Every event of the incident with a one-line description.
    package func history(incident id: String) throws -> History {
        try history(stream: try streamID("incident", id), what: "incident \(id)", checkpoints: false)
    }

    /// A stream's events with descriptions, and the checkpoints they complete.
    package struct History: Sendable {
        package struct Entry: Sendable {
            package let position: LogPosition
            package let revision: UInt64
            package let time: Timestamp
            package let type: EventType
            package let description: String
            package let checkpoint: Checkpoint?
        }
        package let stream: StreamID
        package let entries: [Entry]
        package var checkpoints: [Checkpoint] { entries.compactMap(\.checkpoint) }
    }

    private func history(stream: StreamID, what: String, checkpoints: Bool) throws -> History {
        try log.environment.read { txn in
            guard let streamHead = try log.head(of: stream, in: txn) else {
                throw ProjectionError(.notFound, "no \(what): the log has no stream \(stream)")
            }
            let events = try log.read(in: txn, stream: stream, from: 0, limit: Int(streamHead.revision) + 1)
            let id = stream.rawValue.split(separator: "-", maxSplits: 1).last.map(String.init) ?? ""
            var fold = FoldSet(projections: [CheckpointsProjection()])
            var seen = 0
            var entries: [History.Entry] = []
            for event in events {
                let view = ProjectionEvent(event)
                var checkpoint: Checkpoint?
                if checkpoints {
                    try fold.apply(view)
                    let list = try fold.members[0].rows.scan(prefix: CheckpointsProjection.prefix(id), as: Checkpoint.self)
                    if list.count > seen {
                        checkpoint = list.last?.row
                        seen = list.count
                    }
                }
                entries.append(.init(position: event.position, revision: event.revision, time: event.recordedAt, type: event.type,
                                     description: EventDescriber.describe(view), checkpoint: checkpoint))
            }
            return History(stream: stream, entries: entries)
        }
    }

    // MARK: - Incidents

    /// The incident `id` at `point`.
    package func incident(_ id: String, at point: TimeTravelPoint = .head) throws -> IncidentSnapshot {
        let stream = try streamID("incident", id)
        let signalsDB = try? log.environment.database(IncidentsProjection().databaseName)
        let investigationsDB = try? log.environment.database(InvestigationsProjection().databaseName)
        return try log.environment.read { txn -> IncidentSnapshot in
            let head = try headPosition(txn)
            guard let streamHead = try log.head(of: stream, in: txn) else {
                throw ProjectionError(.notFound, "no incident \(id): the log has no stream \(stream) (list them with `opx investigations` or `opx read`)")
            }
            let events = try log.read(in: txn, stream: stream, from: 0, limit: Int(streamHead.revision) + 1)
            let cut = try resolve(point, events: events, head: head, what: "incident \(id)", txn: txn)
            let included = events.prefix { $0.position <= cut }
            guard let last = included.last else {
                throw ProjectionError(.notFound, "incident \(id) had not been opened at \(point) (its first event is at position \(events.first!.position))")
            }
            var row = IncidentRow(id: id)
            for event in included { row.apply(ProjectionEvent(event)) }
            let lookup = try signalLookup(row.signalIds, txn: txn, db: signalsDB)
            var investigations: [String] = []
            if let investigationsDB {
                try withUnsafePointer(to: txn) { p in
                    var rows = ProjectionRows(projection: "investigations", stored: true)
                    rows.source = TransactionRowSource(p, database: investigationsDB)
                    defer { rows.source = nil }
                    for candidate in try rows.get("incident/\(id)", as: IncidentLink.self)?.investigations ?? [] {
                        let summary = try rows.get(InvestigationsProjection.summaryKey(candidate), as: InvestigationSummary.self)
                        if let first = summary?.firstPosition, UInt64(first) <= cut.rawValue { investigations.append(candidate) }
                    }
                }
            }
            return IncidentSnapshot(id: id, point: point, cut: cut, head: head, lastRevision: last.revision, lastTime: last.recordedAt,
                                    incident: row, signals: try lookup.signals(in: log, txn: txn, cut: cut),
                                    investigations: investigations)
        }
    }

    // MARK: - Shared

    private func streamID(_ category: String, _ id: String) throws -> StreamID {
        guard !id.isEmpty else { throw ProjectionError(.notFound, "the \(category) id is empty") }
        do { return try StreamID("\(category)-\(id)") } catch {
            throw ProjectionError(.notFound, "\"\(id.prefix(60))\" is not a valid \(category) id: \(error)")
        }
    }

    private func headPosition(_ txn: borrowing ReadTransaction) throws -> LogPosition {
        try log.read(in: txn, from: .start, direction: .backward, limit: 1).first?.position ?? .start
    }

    /// The stored checkpoints of investigation `id`, when the checkpoints projection (current
    /// version) has folded at least through `cut`; `nil` otherwise.
    private func storedCheckpoints(_ id: String, cut: LogPosition, txn: borrowing ReadTransaction, db: Database?,
                                   positions: Database?) throws -> [Checkpoint]? {
        guard let db, let positions,
              let record = try txn.get(positions, key: Array(CheckpointsProjection().name.utf8)).flatMap(ProjectionPosition.init(encoded:)),
              record.matches(CheckpointsProjection()), record.position >= cut else { return nil }
        return try withUnsafePointer(to: txn) { p in
            var rows = ProjectionRows(projection: "checkpoints", stored: true)
            rows.source = TransactionRowSource(p, database: db)
            defer { rows.source = nil }
            return try rows.scan(prefix: CheckpointsProjection.prefix(id), as: Checkpoint.self).map(\.row)
        }
    }

    /// The global position a point stands for.
    private func resolve(_ point: TimeTravelPoint, events: [RecordedEvent], head: LogPosition, what: String,
                         txn: borrowing ReadTransaction, checkpoints stored: [Checkpoint]? = nil) throws -> LogPosition {
        switch point {
        case .head:
            return head
        case .position(let p):
            guard p <= head.rawValue else {
                throw ProjectionError(.beyondHead, "position \(p) is beyond the head of the log (\(head))")
            }
            return LogPosition(p)
        case .revision(let r):
            guard r < UInt64(events.count) else {
                throw ProjectionError(.beyondHead, "\(what) has revisions 0…\(events.count - 1); there is no revision \(r)")
            }
            return events[Int(r)].position
        case .time(let t):
            return try position(atOrBefore: t, head: head, txn: txn)
        case .checkpoint(let wanted):
            let all: [Checkpoint]
            if let stored {
                all = stored
            } else {
                var fold = FoldSet(projections: [CheckpointsProjection()])
                for event in events { try fold.apply(ProjectionEvent(event)) }
                all = try fold.members[0].rows.scan(prefix: "checkpoint/", as: Checkpoint.self).map(\.row)
            }
            let number = Int64(wanted.hasPrefix("#") ? String(wanted.dropFirst()) : wanted)
            let match = all.last { c in
                if let number { return c.number == number }
                return c.step == wanted || c.agent == wanted || c.kind == wanted
            }
            guard let match else {
                let list = all.map { "\($0.number) \($0.step)" }.joined(separator: ", ")
                throw ProjectionError(.notFound, "\(what) has no checkpoint \"\(wanted)\"; its checkpoints: \(list.isEmpty ? "none" : list)")
            }
            return LogPosition(UInt64(match.position))
        }
    }

    /// The last position recorded at or before `time` (0 when none): a binary search, since
    /// recorded-at times never decrease along the log.
    private func position(atOrBefore time: Timestamp, head: LogPosition, txn: borrowing ReadTransaction) throws -> LogPosition {
        var low: UInt64 = 0, high = head.rawValue   // invariant: time(low) <= t (or low = 0), time(high + 1) > t
        while low < high {
            let mid = low + (high - low + 1) / 2
            guard let event = try log.read(in: txn, from: LogPosition(mid), direction: .forward, limit: 1).first else { break }
            if event.recordedAt <= time { low = mid } else { high = mid - 1 }
        }
        return LogPosition(low)
    }

    private func incidentState(_ incidentID: String?, cut: LogPosition, txn: borrowing ReadTransaction,
                               signalsDB: Database?) throws -> (IncidentRow?, SignalLookup) {
        guard let incidentID, let stream = try? StreamID("incident-\(incidentID)"),
              let streamHead = try log.head(of: stream, in: txn) else { return (nil, SignalLookup([])) }
        let events = try log.read(in: txn, stream: stream, from: 0, limit: Int(streamHead.revision) + 1).prefix { $0.position <= cut }
        guard !events.isEmpty else { return (nil, SignalLookup([])) }
        var row = IncidentRow(id: incidentID)
        for event in events { row.apply(ProjectionEvent(event)) }
        return (row, try signalLookup(row.signalIds, txn: txn, db: signalsDB))
    }

    /// The lookup of signals `ids`, with the incidents projection's rows of those whose ids differ from their events'.
    private func signalLookup(_ ids: [String], txn: borrowing ReadTransaction, db: Database?) throws -> SignalLookup {
        guard let db else { return SignalLookup(ids) }
        return try withUnsafePointer(to: txn) { p in
            var rows = ProjectionRows(projection: "incidents", stored: true)
            rows.source = TransactionRowSource(p, database: db)
            defer { rows.source = nil }
            return try SignalLookup(ids, rows: &rows)
        }
    }
}

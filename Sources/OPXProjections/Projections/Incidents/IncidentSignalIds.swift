/// A run of an incident's attached signal ids, stored beside the incident's row (`incident-signals/<id>/<chunk>`),
/// so attaching a signal rewrites one small chunk instead of an incident row carrying up to
/// ``IncidentRow/maximumSignals`` ids.
package struct SignalIdChunk: ProjectionRow, Hashable {
    /// Ids per chunk.
    static let size = 20
    /// The ids, in attach order.
    package var ids: [String]

    init(ids: [String]) { self.ids = ids }

    package func encode(to e: inout RowEncoder) { e.object { e in e.field("ids", ids) } }

    package init(row d: RowDecoder) throws(RowDecodingError) { ids = d.strings("ids") }

    /// The key of chunk `index` (from 0) of incident `id`.
    static func key(_ id: String, _ index: Int) -> String {
        let digits = String(index)
        return "incident-signals/\(id)/" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension IncidentsProjection {
    /// Incident `id` with its signal ids, as stored in `rows`; `nil` when there is none.
    package static func incident(_ id: String, in rows: inout ProjectionRows) throws -> IncidentRow? {
        guard var row = try rows.get(key(id), as: IncidentRow.self) else { return nil }
        try loadSignalIds(of: &row, from: &rows)
        return row
    }

    /// Every incident stored in `rows`, with its signal ids, in key order.
    package static func incidents(in rows: inout ProjectionRows) throws -> [IncidentRow] {
        var incidents = try rows.scan(prefix: "incident/", as: IncidentRow.self).map(\.row)
        for index in incidents.indices { try loadSignalIds(of: &incidents[index], from: &rows) }
        return incidents
    }

    /// Readies `incident` (as stored, without its signal ids) for an event attaching `signals`: loads its kept ids,
    /// unless it keeps no more and its ``SignalIdFilter`` shows that none of `signals` is among them (then attaching
    /// only counts them). Returns how many kept ids `incident` holds now, for ``store(_:signalIdsBefore:in:)``.
    static func prepareAttachment(_ signals: [String], to incident: inout IncidentRow, in rows: inout ProjectionRows) throws -> Int {
        guard !signals.isEmpty else { return 0 }
        if incident.signalCount >= IncidentRow.maximumSignals,
           let filter = try rows.get(SignalIdFilter.key(incident.id), as: SignalIdFilter.self),
           !signals.contains(where: filter.mayContain) {
            return 0
        }
        try loadSignalIds(of: &incident, from: &rows)
        return incident.signalIds.count
    }

    /// Stores `row`: the row itself without its signal ids, and the chunks of ids attached since it had `before` (with
    /// them added to its ``SignalIdFilter``).
    static func store(_ row: IncidentRow, signalIdsBefore before: Int, in rows: inout ProjectionRows) throws {
        var bare = row
        bare.signalIds = []
        rows.set(key(row.id), bare)
        let ids = row.signalIds
        guard ids.count > before else { return }
        var filter = try rows.get(SignalIdFilter.key(row.id), as: SignalIdFilter.self) ?? SignalIdFilter(ids[..<before])
        for id in ids[before...] { filter.insert(id) }
        rows.set(SignalIdFilter.key(row.id), filter)
        for index in (before / SignalIdChunk.size)...((ids.count - 1) / SignalIdChunk.size) {
            let start = index * SignalIdChunk.size
            rows.set(SignalIdChunk.key(row.id, index),
                     SignalIdChunk(ids: Array(ids[start..<min(start + SignalIdChunk.size, ids.count)])))
        }
    }

    /// Reads the chunks of `row`'s ids: as many as its ``IncidentRow/signalCount`` fills (the ids kept are the first
    /// ``IncidentRow/maximumSignals`` attached), so no lookup is spent on a chunk that does not exist.
    private static func loadSignalIds(of row: inout IncidentRow, from rows: inout ProjectionRows) throws {
        let kept = min(Int(row.signalCount), IncidentRow.maximumSignals)
        var ids: [String] = []
        ids.reserveCapacity(kept)
        for index in 0..<((kept + SignalIdChunk.size - 1) / SignalIdChunk.size) {
            ids += try rows.get(SignalIdChunk.key(row.id, index), as: SignalIdChunk.self)?.ids ?? []
        }
        row.signalIds = ids
    }
}

import OPXEvents

/// Which incidents to list: the filters `opx incidents` and `GET /v1/incidents` share, answered from the incidents
/// projection's index rows.
///
/// ```swift
/// let open = try ProjectionStore(log: log).read([IncidentsProjection()]) { reader in
///     try IncidentQuery(status: "open", limit: 20).incidents(in: &reader)
/// }
/// ```
package struct IncidentQuery: Sendable, Hashable {
    /// Only incidents of this service.
    package var service: String?
    /// Only this severity (`SEV1` … `SEV4`).
    package var severity: String?
    /// Only this status (`open`, `mitigated`, `resolved`).
    package var status: String?
    /// The most to return.
    package var limit: Int

    /// Creates a query; a filter left `nil` matches every incident.
    package init(service: String? = nil, severity: String? = nil, status: String? = nil, limit: Int) {
        self.service = service
        self.severity = severity
        self.status = status
        self.limit = limit
    }

    /// The matching incidents with their signal ids, newest opened first (then by id, descending), at most ``limit``.
    ///
    /// - Parameter reader: A reader of a cut that includes the incidents projection.
    /// - Throws: A storage or row decoding error.
    package func incidents(in reader: inout ProjectionReader) throws -> [IncidentRow] {
        let name = IncidentsProjection().name
        var ids: Set<String>?
        for case let (index, value?) in [("by-service", service), ("by-severity", severity), ("by-status", status)] {
            let prefix = "\(index)/\(value)/"
            let found = Set(try reader.keys(name, prefix: prefix).map { String($0.dropFirst(prefix.count)) })
            ids = ids.map { $0.intersection(found) } ?? found
        }
        let rows = try reader.withRows(name) { rows in
            try ids.map { ids in try ids.compactMap { try IncidentsProjection.incident($0, in: &rows) } }
                ?? IncidentsProjection.incidents(in: &rows)
        }
        return Array(rows.sorted { ($0.openedAt?.nanoseconds ?? 0, $0.id) > ($1.openedAt?.nanoseconds ?? 0, $1.id) }.prefix(limit))
    }
}

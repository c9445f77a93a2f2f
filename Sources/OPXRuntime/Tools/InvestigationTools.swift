package import OPXEventLog
package import OPXEvents
import OPXProjections

/// The read-only tools the built-in agents use: bounded, deterministic reads of the log and its projections.
///
/// Every list is ordered deterministically and cut to ``ToolLimits/maxItems`` by ``ToolSession``, so the same log
/// gives the same answers. The incidents projection must be built (it is whenever opx opens a store for writing).
///
/// ```swift
/// var session = ToolSession(limits: tools.limits)
/// let incident = try tools.incident(id, session: &session)
/// let signals = try tools.signals(of: incident, session: &session)
/// ```
package struct InvestigationTools: Sendable {
    /// The log read.
    package let log: EventLog
    /// The service dependency graph (the `services` config section).
    package let services: ServiceGraph
    /// The indexed runbooks (the `runbooks` config section).
    package let runbooks: RunbookIndex
    /// The bounds of each call.
    package let limits: ToolLimits
    /// How far before the incident opened a change still counts as recent.
    package let changeWindow: Duration

    /// Creates the tools.
    ///
    /// - Parameters:
    ///   - log: The event log, read only.
    ///   - services: The dependency graph; empty by default.
    ///   - runbooks: The runbook index; empty by default.
    ///   - limits: The bounds of each call.
    ///   - changeWindow: How far before the incident opened a change still counts (default 24 hours).
    package init(log: EventLog, services: ServiceGraph = ServiceGraph(), runbooks: RunbookIndex = RunbookIndex(),
                 limits: ToolLimits = ToolLimits(), changeWindow: Duration = .seconds(86_400)) {
        self.log = log
        self.services = services
        self.runbooks = runbooks
        self.limits = limits
        self.changeWindow = changeWindow
    }

    private var store: ProjectionStore { ProjectionStore(log: log) }
    private static let incidents = IncidentsProjection()

    // MARK: - Incident and signals

    /// The incident under investigation (tool `incident.get`).
    ///
    /// - Throws: ``ToolError`` when the incidents projection has no such incident.
    package func incident(_ id: EntityID, session: inout ToolSession) throws -> IncidentFacts {
        let found: [IncidentFacts] = try session.call("incident.get") { _ in
            try store.read([Self.incidents]) { reader in
                try reader.withRows(Self.incidents.name) { try IncidentsProjection.incident(id.description, in: &$0) }
            }.map { [Self.facts(id: id, row: $0)] } ?? []
        }
        guard let incident = found.first else {
            throw ToolError("incident \(id) is not in the incidents projection; check the id with `opx query incidents`")
        }
        return incident
    }

    /// The incident's signals, oldest first (tool `incident.signals`, at most 20).
    package func signals(of incident: IncidentFacts, session: inout ToolSession) throws -> [SignalFacts] {
        try session.call("incident.signals") { deadline in
            var ids: [String] = []
            for id in incident.signalIds {
                guard try deadline.scanOne() else { break }
                ids.append(id)
            }
            let signals = try store.read([Self.incidents]) { reader in
                try reader.signals(try reader.withRows(Self.incidents.name) { try SignalLookup(ids, rows: &$0) })
            }
            return signals.compactMap { id, row in
                row.map { row in
                    SignalFacts(id: id, name: row.name ?? "unnamed signal", service: row.service,
                                severity: row.severity.flatMap(Severity.init(sourceWord:)),
                                fingerprint: row.fingerprint, status: row.status, source: row.source, at: row.at)
                }
            }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        }
    }

    // MARK: - Past incidents

    /// Past incidents like this one, most similar first (tool `incidents.similar`, at most 20).
    ///
    /// Similarity (0–1): sharing the primary service (0.4) or another service (0.2), title words in common (Jaccard,
    /// 0.35), signal names in common (Jaccard, 0.25). Only incidents opened before this one, scoring at least 0.3.
    package func similarIncidents(to incident: IncidentFacts, signals: [SignalFacts],
                                  session: inout ToolSession) throws -> [PastIncident] {
        let titleWords = TextTokens.words(incident.title)
        let signalNames = Set(signals.map { $0.name.lowercased() })
        return try session.call("incidents.similar") { deadline in
            // The past incidents and their first signals, in one read.
            let (past, signals) = try store.read([Self.incidents]) { reader in
                var candidates: Set<String> = []
                for service in incident.services {
                    for key in try reader.keys(Self.incidents.name, prefix: "by-service/\(service)/") {
                        candidates.insert(String(key.split(separator: "/").last ?? ""))
                    }
                }
                var past: [(id: EntityID, row: IncidentRow, opened: Timestamp)] = []
                for id in candidates.sorted() where id != incident.id.description {
                    guard try deadline.scanOne() else { break }
                    guard let entity = EntityID(id),
                          let row = try reader.withRows(Self.incidents.name, { try IncidentsProjection.incident(id, in: &$0) }),
                          let opened = row.openedAt, opened < incident.openedAt else { continue }
                    past.append((entity, row, opened))
                }
                let lookup = try reader.withRows(Self.incidents.name) { rows in
                    try SignalLookup(past.flatMap { $0.row.signalIds.prefix(10) }, rows: &rows)
                }
                return (past, try reader.signals(lookup))
            }
            var names: [String: String] = [:]
            for (id, signal) in signals { names[id] = signal?.name?.lowercased() }
            var out: [PastIncident] = []
            for (entity, row, opened) in past {
                let rowNames = Set(row.signalIds.prefix(10).compactMap { names[$0] })
                let serviceScore = row.service == incident.service ? 0.4 : 0.2
                let score = serviceScore + 0.35 * TextTokens.jaccard(titleWords, TextTokens.words(row.title ?? ""))
                    + 0.25 * TextTokens.jaccard(signalNames, rowNames)
                guard score >= 0.3 else { continue }
                out.append(PastIncident(id: entity, title: row.title ?? "untitled incident", service: row.service,
                                        openedAt: opened, resolvedAt: row.resolvedAt,
                                        resolution: row.resolution?.resolution, rootCause: row.resolution?.rootCause,
                                        similarity: (score * 1000).rounded() / 1000))
            }
            return out.sorted { ($1.similarity, $0.id) < ($0.similarity, $1.id) }
        }
    }

    // MARK: - Changes

    /// Deployments and configuration changes to the incident's services and their direct dependencies in the window
    /// before it opened (up to 15 minutes after), newest first (tool `changes.recent`, at most 20).
    package func recentChanges(for incident: IncidentFacts, session: inout ToolSession) throws -> [ChangeFacts] {
        let own = Set(incident.services)
        let dependencies = incident.services.flatMap { services.dependencies(of: $0) }
        let all = Array(own.union(dependencies)).sorted()
        let earliest = Timestamp(nanoseconds: incident.openedAt.nanoseconds - Int64(changeWindow.components.seconds) * 1_000_000_000)
        let latest = Timestamp(nanoseconds: incident.openedAt.nanoseconds + 15 * 60 * 1_000_000_000)
        return try session.call("changes.recent") { deadline in
            var out: [ChangeFacts] = []
            for service in all {
                guard let stream = try? StreamID("changes-\(service)"), let head = try log.head(of: stream) else { continue }
                let from = head.revision >= 199 ? head.revision - 199 : 0
                for event in try log.read(stream: stream, from: from, limit: 200) where event.type == ChangeRecorded.eventType {
                    guard try deadline.scanOne() else { break }
                    guard let change = try? ChangeRecorded(jsonPayload: event.json),
                          change.at >= earliest, change.at <= latest else { continue }
                    out.append(ChangeFacts(change: change, onIncidentService: own.contains(change.service)))
                }
            }
            return out.sorted { ($1.change.at, $0.change.changeId) < ($0.change.at, $1.change.changeId) }
        }
    }

    // MARK: - Dependency graph and runbooks

    /// The services an output may name: the incident's and the dependency graph's (what the engine's semantic
    /// check accepts).
    package func knownServices(_ incident: IncidentFacts) -> Set<String> {
        services.allServices.union(incident.services)
    }

    /// The services affected if `service` fails, nearest first (tool `services.blast-radius`, at most 20).
    package func blastRadius(of service: String, session: inout ToolSession) throws -> [ServiceGraph.Impact] {
        try session.call("services.blast-radius") { _ in services.dependents(of: service) }
    }

    /// Runbook sections matching `query`, best first (tool `runbooks.search`, at most 20).
    package func searchRunbooks(_ query: String, session: inout ToolSession) throws -> [RunbookIndex.Hit] {
        try session.call("runbooks.search") { _ in runbooks.search(query, limit: limits.maxItems) }
    }

    private static func facts(id: EntityID, row: IncidentRow) -> IncidentFacts {
        let service = row.service ?? "unknown"
        return IncidentFacts(id: id, title: row.title ?? "untitled incident", service: service,
                             otherServices: Array(Set(row.services).subtracting([service])).sorted(),
                             severity: row.severity.flatMap(Severity.init(rawValue:)),
                             openedAt: row.openedAt ?? Timestamp(nanoseconds: 0), status: row.status,
                             signalIds: row.signalIds, signalCount: Int(row.signalCount))
    }
}

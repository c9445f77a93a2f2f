package import Foundation
package import OPXEventLog
package import OPXEvents
import OPXStorage

/// Runs investigations: the durable agent graph over the event log.
///
/// Every step is recorded before and after it runs in the investigation's stream (`investigation-<id>`), so a
/// crash at any instant loses nothing: ``resume(_:)`` folds the stream and runs only what is missing.
///
/// ```swift
/// let engine = InvestigationEngine(log: log, configuration: configuration, agents: agents)
/// let outcome = try await engine.investigate(incident: incidentId)   // records every step, runs the graph to consensus
/// let again = try await engine.resume(outcome.investigationId)       // after a crash: runs only what is missing
/// ```
///
/// The server starts one when an incident opens with
/// ``investigate(incident:trigger:requestedBy:budgetUsd:forkedFrom:id:onStarted:)``.
package final class InvestigationEngine: Sendable {
    /// The log everything is recorded in.
    package let log: EventLog
    /// The graph, external agents and prices.
    package let configuration: RuntimeConfiguration
    let agents: [AgentName: any InvestigationAgent]
    let screening: (any OutputScreening)?
    let spending: (any SpendingWatch)?
    let dependencyServices: Set<String>
    let clock: @Sendable () -> Timestamp
    let registry = EventRegistry()
    /// The `source` of every event the engine appends.
    package static let source = EventSource(unchecked: "/opx/runtime")

    /// Creates an engine.
    ///
    /// - Parameters:
    ///   - agents: The agent of every graph node, by name.
    ///   - screening: Guardrails every output passes before it is recorded (none: recorded as produced).
    ///   - spending: Budgets and alerts, asked after every `usage.recorded`.
    ///   - dependencyServices: The services of the dependency graph, for semantic checks (with the incident's own).
    ///   - clock: Times of trace spans.
    package init(log: EventLog, configuration: RuntimeConfiguration, agents: [AgentName: any InvestigationAgent],
                 screening: (any OutputScreening)? = nil, spending: (any SpendingWatch)? = nil,
                 dependencyServices: Set<String> = [], clock: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.log = log
        self.configuration = configuration
        self.agents = agents
        self.screening = screening
        self.spending = spending
        self.dependencyServices = dependencyServices
        self.clock = clock
    }

    // MARK: - Starting

    /// Starts an investigation of `incident` and runs it to the end. `investigation.started` is appended in one
    /// batch with the first steps' `agent.invoked`, before any agent is called.
    ///
    /// - Parameter onStarted: Told the new id once `investigation.started` is durable (from then on `resume` can
    ///   finish it).
    /// - Throws: ``RuntimeError`` when the incident does not exist or a graph agent has no implementation.
    package func investigate(incident: EntityID, trigger: InvestigationStarted.Trigger = .manual, requestedBy: String? = nil,
                             budgetUsd: Decimal? = nil, forkedFrom: InvestigationStarted.ForkOrigin? = nil,
                             id: EntityID = .random(),
                             onStarted: @escaping @Sendable (EntityID) -> Void = { _ in }) async throws -> InvestigationOutcome {
        let started = try startedEvent(incident: incident, trigger: trigger, requestedBy: requestedBy, budgetUsd: budgetUsd,
                                       forkedFrom: forkedFrom, id: id)
        var history = InvestigationHistory(investigationId: id)
        if let forkedFrom {
            history.inherit(from: try Self.history(of: forkedFrom.investigationId, in: log, upTo: forkedFrom.position))
        }
        let run = InvestigationRun(engine: self, history: history, knownServices: try knownServices(of: incident),
                                   starting: started, onStarted: onStarted)
        return try await run.run()
    }

    /// `investigation.started` for a new investigation of `incident`, once the incident and the graph's agents exist.
    private func startedEvent(incident: EntityID, trigger: InvestigationStarted.Trigger, requestedBy: String?, budgetUsd: Decimal?,
                              forkedFrom: InvestigationStarted.ForkOrigin?, id: EntityID) throws -> InvestigationStarted {
        guard try log.head(of: .incident(incident)) != nil else {
            throw RuntimeError(.notFound, "incident \(incident) has no events (stream incident-\(incident)); list incidents with `opx incidents`")
        }
        if let missing = configuration.graph.agents.first(where: { agents[$0] == nil }) {
            throw RuntimeError(.configuration, "graph agent \(missing) has no implementation: define it under \"agents\" in the config file, or drop it from the graph")
        }
        return InvestigationStarted(investigationId: id, incidentId: incident, trigger: trigger, agents: configuration.graph.agents,
                                    requestedBy: requestedBy, budgetUsd: budgetUsd, forkedFrom: forkedFrom)
    }

    // MARK: - Running

    /// Continues an interrupted investigation: records `investigation.resumed` with the done and pending steps, then
    /// runs the rest. Steps with a recorded validated output are skipped.
    package func resume(_ id: EntityID, reason: InvestigationResumed.Reason = .crashRecovery) async throws -> InvestigationOutcome {
        let history = try history(of: id)
        guard history.ending == nil else { return InvestigationOutcome(history) }
        let graph = configuration.graph
        guard Set(history.started?.agents ?? []) == Set(graph.agents) else {
            throw RuntimeError(.invalidState, "investigation \(id) started with agents \((history.started?.agents ?? []).map(\.rawValue).joined(separator: ", ")) but the configured graph has \(graph.agents.map(\.rawValue).joined(separator: ", ")); resume it with the configuration it started with")
        }
        let done = graph.agents.filter { history.steps[$0.rawValue]?.isDone == true }.map(\.rawValue)
        let resumed = InvestigationResumed(investigationId: id, reason: reason, completedSteps: done,
                                           pendingSteps: graph.agents.map(\.rawValue).filter { !done.contains($0) } + ["consensus"])
        _ = try await log.append(to: .investigation(id), events: [try ProposedEvent(resumed, source: Self.source)])
        let run = InvestigationRun(engine: self, history: try self.history(of: id), knownServices: try knownServices(of: history.incidentId))
        return try await run.run()
    }

    // MARK: - Reading

    /// The investigation's recorded history, including a fork's shared history up to its checkpoint.
    ///
    /// - Throws: ``RuntimeError`` when it does not exist.
    package func history(of id: EntityID) throws -> InvestigationHistory {
        try Self.history(of: id, in: log)
    }

    /// The recorded history of `id` in `log` (see ``history(of:)``).
    package static func history(of id: EntityID, in log: EventLog, upTo limit: UInt64 = .max) throws -> InvestigationHistory {
        let events = try log.read(stream: .investigation(id), limit: Int.max)
        guard !events.isEmpty else {
            throw RuntimeError(.notFound, "investigation \(id) has no events (stream investigation-\(id)); list them with `opx investigations`")
        }
        var history = InvestigationHistory(investigationId: id)
        for event in events where event.position.rawValue <= limit { try history.apply(event) }
        if let origin = history.started?.forkedFrom {
            let shared = try Self.history(of: origin.investigationId, in: log, upTo: origin.position)
            history.inherit(from: shared)
        }
        return history
    }

    /// The services semantic checks accept: the incident's and the dependency graph's.
    func knownServices(of incident: EntityID?) throws -> Set<String> {
        guard let incident else { return dependencyServices }
        var services = dependencyServices
        for event in try log.read(stream: .incident(incident), limit: 10_000) {
            guard let payload = try? event.json else { continue }
            if let service = payload["service"]?.stringValue { services.insert(service) }
            for service in payload["services"]?.arrayValue ?? [] { if let name = service.stringValue { services.insert(name) } }
        }
        return services
    }
}

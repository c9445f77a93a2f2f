package import OPXEventLog
package import OPXEvents

/// Turns monitoring payloads into events, appends them durably and correlates signals into incidents.
///
/// ```swift
/// let service = IngestService(log: log, rules: .default)
/// let response = try await service.ingest(IngestRequest(adapter: .alertmanager, body: bytes,
///                                                       contentType: "application/json"))
/// ```
///
/// Safe to call concurrently: signals are appended in parallel (and group-committed by the log); correlation decides
/// one request at a time, in memory, and the decisions of concurrent requests about one incident share one append
/// (see `CorrelationEngine`). A re-sent payload gets the same event ids, so it appends nothing.
package final class IngestService: Sendable {
    /// The log appended to.
    package let log: EventLog
    /// The detection rules.
    package let rules: DetectionRules
    /// The request bounds.
    package let limits: IngestLimits
    private let clock: @Sendable () -> Timestamp
    private let engine: CorrelationEngine

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - log: The log, open for writing.
    ///   - rules: The `detection` configuration section.
    ///   - limits: The request bounds.
    ///   - clock: The receipt time, used only for payloads that carry no time of their own.
    package init(log: EventLog, rules: DetectionRules, limits: IngestLimits = .default,
                 clock: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.log = log
        self.rules = rules
        self.limits = limits
        self.clock = clock
        engine = CorrelationEngine(log: log, rules: rules)
    }

    /// Ingests one request; returns only after everything it appended is durable.
    ///
    /// - Throws: ``IngestError`` for input that will never be valid (nothing is appended); storage and log errors
    ///   otherwise (retry the same request: it appends nothing twice).
    package func ingest(_ request: IngestRequest) async throws -> IngestResponse {
        let output = try read(request)
        var appended = 0, duplicates = 0
        var last: UInt64?
        for (stream, items) in Self.byStream(output.items) {
            let (new, known, position) = try await append(items, to: stream)
            appended += new
            duplicates += known
            if let position { last = max(last ?? 0, position) }
        }
        // Always correlate, even without signals: the first call also records decisions a crash left unrecorded.
        let outcome = try await engine.correlate(output.items.compactMap(\.signal))
        appended += outcome.appended
        if let position = outcome.lastPosition { last = max(last ?? 0, position) }
        let incidents = outcome.incidents
        let body = output.body ?? Self.summary(appended: appended, duplicates: duplicates, last: last, incidents: incidents)
        return IngestResponse(status: output.status, body: CanonicalJSONWriter.canonicalBytes(body), appended: appended,
                              duplicates: duplicates, lastPosition: last.map(LogPosition.init), incidents: incidents)
    }

    /// The correlation state's open candidates and incidents, loaded from the log when needed.
    package func correlationSummary() async throws -> CorrelationSummary {
        CorrelationSummary(try await engine.snapshot())
    }

    /// Parses and checks the request and runs its adapter; appends nothing.
    func read(_ request: IngestRequest) throws(IngestError) -> AdapterOutput {
        guard request.body.count <= limits.maxBodyBytes else {
            throw IngestError(status: 413, "the body is \(request.body.count) bytes; the limit is \(limits.maxBodyBytes): send fewer alerts per request")
        }
        let registry = log.registry
        let context = AdapterContext(request: request, now: clock(), serviceLabels: rules.serviceLabels) { type in
            registry?.latestVersion(of: type) ?? EventRegistry.swiftType(for: type)?.schemaVersion
        }
        let output = try AdapterDispatch.read(request, context: context)
        guard output.items.count <= limits.maxEvents else {
            throw IngestError(status: 413, "the body holds \(output.items.count) events; the limit is \(limits.maxEvents): split it into smaller requests")
        }
        if let registry = log.registry {
            for (index, item) in output.items.enumerated() where item.sendersPayload {
                do { try registry.validate(item.event) } catch {
                    throw IngestError(status: 422, "event \(index) (\(item.event.type)) does not match its schema: \(error)")
                }
            }
        }
        return output
    }

    /// Appends the items not appended before; returns how many were new and known, and the last position.
    ///
    /// The whole batch is tried first (the usual case: a new payload, or a re-sent one, which the log answers as a
    /// duplicate without writing); only when the log reports that some of its ids were appended before (a payload
    /// that repeats some alerts and adds others) are those filtered out and the rest appended.
    private func append(_ items: [IngestItem], to stream: StreamID) async throws -> (Int, Int, UInt64?) {
        var candidates = items
        var conflicts = 0
        while true {
            do {
                let result = try await log.append(to: stream, events: candidates.map(\.event))
                let known = items.count - candidates.count
                return result.duplicate ? (0, items.count, nil) : (candidates.count, known, result.lastPosition)
            } catch let error as EventLogError {
                // Concurrent requests with some of the same events can conflict again: give up after a few rounds.
                guard case .idConflict = error.code, conflicts < 2 else { throw error }
                conflicts += 1
                candidates = try candidates.filter { try log.event(id: $0.event.id) == nil }
                if candidates.isEmpty { return (0, items.count, nil) }
            } catch let error as CatalogueError {
                // The log validates before writing anything: this input will never be appended.
                throw IngestError(status: 422, "an event built from this payload does not match its schema: \(error)")
            }
        }
    }

    /// Items grouped by stream, streams in order of first appearance, items in request order.
    private static func byStream(_ items: [IngestItem]) -> [(StreamID, [IngestItem])] {
        var order: [StreamID] = []
        var groups: [StreamID: [IngestItem]] = [:]
        for item in items {
            if groups[item.stream] == nil { order.append(item.stream) }
            groups[item.stream, default: []].append(item)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// opx's own answer: `{"status":"success","appended":…,"duplicates":…,"lastPosition":…,"incidents":[…]}`.
    private static func summary(appended: Int, duplicates: Int, last: UInt64?, incidents: [IncidentOutcome]) -> JSONValue {
        var body = JSONObject()
        body.set("status", "success")
        body.set("appended", .number(JSONNumber(Int64(appended))))
        body.set("duplicates", .number(JSONNumber(Int64(duplicates))))
        if let last { body.set("lastPosition", .number(JSONNumber(Int64(last)))) }
        body.set("incidents", .array(incidents.map { incident in
            var entry = JSONObject()
            entry.set("incidentId", .string(incident.incidentId.description))
            entry.set("service", .string(incident.service))
            entry.set("actions", .array(incident.actions.map(JSONValue.string)))
            return .object(entry)
        }))
        return .object(body)
    }
}

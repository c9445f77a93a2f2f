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
/// Safe to call concurrently: requests are parsed and adapted in parallel; correlation decides one request at a
/// time, in memory, and each request's events and decisions land in one atomic append, shared by all requests
/// decided while the append before it was committing (see `CorrelationEngine`). A re-sent payload gets the same
/// event ids, so it appends nothing.
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
        // Always through the engine, even without signals: the first call after a load records decisions left unrecorded.
        let outcome = try await engine.ingest(output.items, since: ContinuousClock.now)
        let body = output.body ?? Self.summary(outcome)
        return IngestResponse(status: output.status, body: CanonicalJSONWriter.canonicalBytes(body), appended: outcome.appended,
                              duplicates: outcome.duplicates, lastPosition: outcome.lastPosition.map(LogPosition.init),
                              incidents: outcome.incidents, waits: outcome.waits)
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

    /// opx's own answer: `{"status":"success","appended":…,"duplicates":…,"lastPosition":…,"incidents":[…]}`.
    private static func summary(_ outcome: CorrelationEngine.Outcome) -> JSONValue {
        var body = JSONObject()
        body.set("status", "success")
        body.set("appended", .number(JSONNumber(Int64(outcome.appended))))
        body.set("duplicates", .number(JSONNumber(Int64(outcome.duplicates))))
        if let last = outcome.lastPosition { body.set("lastPosition", .number(JSONNumber(Int64(last)))) }
        body.set("incidents", .array(outcome.incidents.map { incident in
            var entry = JSONObject()
            entry.set("incidentId", .string(incident.incidentId.description))
            entry.set("service", .string(incident.service))
            entry.set("actions", .array(incident.actions.map(JSONValue.string)))
            return .object(entry)
        }))
        return .object(body)
    }
}

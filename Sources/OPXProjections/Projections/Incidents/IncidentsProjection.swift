package import OPXEvents

/// Incidents by service, severity and status. Signals are found in the log itself (``SignalLookup``).
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `incident/<id>` | ``IncidentRow`` (folded from the stream `incident-<id>` only), stored without its signal ids |
/// | `incident-signals/<id>/<chunk>` | ``SignalIdChunk``: the incident's signal ids, 20 per chunk, in attach order |
/// | `incident-signal-filter/<id>` | ``SignalIdFilter``: a Bloom filter of those ids, so most attachments to an incident that keeps no more ids read no chunk |
/// | `by-service/<service>/<id>`, `by-severity/<SEVn>/<id>`, `by-status/<status>/<id>` | index entries |
/// | `signal/<signal id>` | ``SignalPosition``, only for a signal whose id differs from its event's id (see ``SignalLookup``) |
package struct IncidentsProjection: Projection {
    package init() {}

    package var name: String { "incidents" }
    package var version: Int { 5 }
    package var eventTypes: [String] {
        ["incident.opened", "incident.signal-attached", "incident.severity-changed", "incident.mitigated",
         "incident.resolved", "signal.ingested"]
    }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        if event.type.rawValue == "signal.ingested" {
            // The log's event-id index finds a signal whose id is its event's id: no row, no random page written.
            guard let signal = p.string("signalId"), EventID(signal) != event.id else { return }
            rows.set(SignalLookup.key(signal), SignalPosition(event.position))
            return
        }
        guard let id = event.streamKey(ifCategory: "incident") else { return }
        let before = try rows.get(Self.key(id), as: IncidentRow.self)
        var incident = before ?? IncidentRow(id: id)
        let keptBefore = try Self.prepareAttachment(IncidentRow.attachedSignals(event), to: &incident, in: &rows)
        incident.apply(event)
        try Self.store(incident, signalIdsBefore: keptBefore, in: &rows)
        for (index, old, new) in [("by-service", before?.service, incident.service),
                                  ("by-severity", before?.severity, incident.severity),
                                  ("by-status", before.map(\.status), Optional(incident.status))] where old != new {
            if let old { rows.remove("\(index)/\(old)/\(id)") }
            if let new { rows.set("\(index)/\(new)/\(id)", MarkerRow()) }
        }
    }

    /// The key of incident `id`'s row (read it with ``incident(_:in:)``, which adds its signal ids).
    package static func key(_ id: String) -> String { "incident/\(id)" }
}

/// Where an ingested signal is in the log, and what it said: read from its `signal.ingested` event (``SignalLookup``).
package struct SignalRow: ProjectionRow, Hashable {
    package var position: Int64
    package var stream: String
    package var name: String?
    package var status: String?
    package var service: String?
    package var severity: String?
    package var fingerprint: String?
    package var source: String?
    package var at: Timestamp

    init(_ event: ProjectionEvent) {
        let p = event.payload
        position = Int64(event.position.rawValue)
        stream = event.stream.rawValue
        name = p.string("name")
        status = p.string("status")
        service = p.string("service")
        severity = p.string("severity")
        fingerprint = p.string("fingerprint")
        source = p.string("source")
        at = event.recordedAt
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("at", at)
            e.field("fingerprint", fingerprint)
            e.field("name", name)
            e.field("position", position)
            e.field("service", service)
            e.field("severity", severity)
            e.field("source", source)
            e.field("status", status)
            e.field("stream", stream)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        at = try d.time("at")
        fingerprint = d.optionalString("fingerprint")
        name = d.optionalString("name")
        position = try d.int("position")
        service = d.optionalString("service")
        severity = d.optionalString("severity")
        source = d.optionalString("source")
        status = d.optionalString("status")
        stream = try d.string("stream")
    }
}

/// An incident's state, folded from its own stream.
package struct IncidentRow: ProjectionRow, Hashable {
    package var id: String
    package var title: String?
    package var service: String?
    package var services: [String] = []
    package var severity: String?
    /// `open`, `mitigated`, `resolved`.
    package var status = "open"
    package var summary: String?
    package var detectionId: String?
    package var openedAt: Timestamp?
    package var mitigatedAt: Timestamp?
    package var resolvedAt: Timestamp?
    package var resolution: Resolution?
    /// Attached signal ids, in attach order (at most ``maximumSignals`` kept; ``signalCount`` counts all).
    package var signalIds: [String] = []
    package var signalCount: Int64 = 0
    package var severityChanges: [SeverityChange] = []
    package var updatedAt: Timestamp?
    package var events: Int64 = 0
    package var lastPosition: Int64?

    /// Signal ids kept per incident row.
    package static let maximumSignals = 200

    package init(id: String) { self.id = id }

    /// How the incident was resolved.
    package struct Resolution: ProjectionRow, Hashable {
        package var reason: String
        package var resolution: String?
        package var rootCause: String?
        package var resolvedBy: String?
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("reason", reason)
                e.field("resolution", resolution)
                e.field("resolvedBy", resolvedBy)
                e.field("rootCause", rootCause)
            }
        }
        init(reason: String, resolution: String?, rootCause: String?, resolvedBy: String?) {
            self.reason = reason
            self.resolution = resolution
            self.rootCause = rootCause
            self.resolvedBy = resolvedBy
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            reason = try d.string("reason")
            resolution = d.optionalString("resolution")
            resolvedBy = d.optionalString("resolvedBy")
            rootCause = d.optionalString("rootCause")
        }
    }

    /// One severity change.
    package struct SeverityChange: ProjectionRow, Hashable {
        package var from: String
        package var to: String
        package var at: Timestamp
        package var reason: String?
        package func encode(to e: inout RowEncoder) {
            e.object { e in
                e.field("at", at)
                e.field("from", from)
                e.field("reason", reason)
                e.field("to", to)
            }
        }
        init(from: String, to: String, at: Timestamp, reason: String?) {
            self.from = from
            self.to = to
            self.at = at
            self.reason = reason
        }
        package init(row d: RowDecoder) throws(RowDecodingError) {
            at = try d.time("at")
            from = try d.string("from")
            reason = d.optionalString("reason")
            to = try d.string("to")
        }
    }

    /// Applies one of the incident's own events.
    package mutating func apply(_ event: ProjectionEvent) {
        let p = event.payload
        switch event.type.rawValue {
        case "incident.opened":
            title = p.string("title")
            service = p.string("service")
            services = p.strings("services")
            severity = p.string("severity")
            summary = p.string("summary")
            detectionId = p.string("detectionId")
            openedAt = p.string("openedAt").flatMap { try? Timestamp(rfc3339: $0) } ?? event.recordedAt
            status = "open"
            // A reopened incident is not mitigated or resolved any more.
            mitigatedAt = nil
            resolvedAt = nil
            resolution = nil
            attach(Self.attachedSignals(event))
        case "incident.signal-attached":
            attach(Self.attachedSignals(event))
        case "incident.severity-changed":
            guard let to = p.string("to") else { return }
            severityChanges.append(SeverityChange(from: p.string("from") ?? severity ?? "", to: to, at: event.recordedAt,
                                                  reason: p.string("reason")))
            if severityChanges.count > 50 { severityChanges.removeFirst() }
            severity = to
        case "incident.mitigated":
            status = "mitigated"
            mitigatedAt = p.string("mitigatedAt").flatMap { try? Timestamp(rfc3339: $0) } ?? event.recordedAt
        case "incident.resolved":
            status = "resolved"
            resolvedAt = p.string("resolvedAt").flatMap { try? Timestamp(rfc3339: $0) } ?? event.recordedAt
            resolution = Resolution(reason: p.string("reason") ?? "manual", resolution: p.string("resolution"),
                                    rootCause: p.string("rootCause"), resolvedBy: p.string("resolvedBy"))
        default:
            return
        }
        events += 1
        updatedAt = event.recordedAt
        lastPosition = Int64(event.position.rawValue)
    }

    /// The signals `event` attaches: an `incident.opened`'s, an `incident.signal-attached`'s (v1 names one signal, v2
    /// lists several); none for other events.
    static func attachedSignals(_ event: ProjectionEvent) -> [String] {
        switch event.type.rawValue {
        case "incident.opened": event.payload.strings("signalIds")
        case "incident.signal-attached": event.payload.string("signalId").map { [$0] } ?? event.payload.strings("signalIds")
        default: []
        }
    }

    /// Counts each of `signals` that is not among the kept ids, and keeps it while there is room (``signalCount`` below
    /// ``maximumSignals``: then ``signalIds`` holds all the kept ids). ``IncidentsProjection`` leaves ``signalIds``
    /// empty when the incident keeps no more ids and none of `signals` may be among them.
    private mutating func attach(_ signals: [String]) {
        for signal in signals where !signalIds.contains(signal) {
            if signalCount < Self.maximumSignals { signalIds.append(signal) }
            signalCount += 1
        }
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("detectionId", detectionId)
            e.field("events", events)
            e.field("id", id)
            e.field("lastPosition", lastPosition)
            e.field("mitigatedAt", mitigatedAt)
            e.field("openedAt", openedAt)
            e.field("resolution", resolution)
            e.field("resolvedAt", resolvedAt)
            e.field("service", service)
            e.field("services", services)
            e.field("severity", severity)
            e.field("severityChanges", array: { e in for c in severityChanges { e.value(c) } })
            e.field("signalCount", signalCount)
            e.field("signalIds", signalIds)
            e.field("status", status)
            e.field("summary", summary)
            e.field("title", title)
            e.field("updatedAt", updatedAt)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        detectionId = d.optionalString("detectionId")
        events = d.int("events", default: 0)
        id = try d.string("id")
        lastPosition = d.optionalInt("lastPosition")
        mitigatedAt = d.optionalTime("mitigatedAt")
        openedAt = d.optionalTime("openedAt")
        resolution = try d.row("resolution", as: Resolution.self)
        resolvedAt = d.optionalTime("resolvedAt")
        service = d.optionalString("service")
        services = d.strings("services")
        severity = d.optionalString("severity")
        severityChanges = try d.rows("severityChanges", as: SeverityChange.self)
        signalCount = d.int("signalCount", default: 0)
        signalIds = d.strings("signalIds")
        status = try d.string("status")
        summary = d.optionalString("summary")
        title = d.optionalString("title")
        updatedAt = d.optionalTime("updatedAt")
    }
}

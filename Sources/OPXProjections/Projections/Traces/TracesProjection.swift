package import OPXEvents

/// Trace records: spans by trace id and traces by investigation.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `span/<trace id>/<span id>` | ``SpanRow``: what queries filter and sort on; its attributes stay in the log (at `position`) |
/// | `trace/<trace id>` | ``TraceRow``: span and error counts, time range, root span |
/// | `by-investigation/<investigation id>/<trace id>` | index entry |
package struct TracesProjection: Projection {
    package init() {}

    package var name: String { "traces" }
    /// 2: span rows no longer copy the span's attributes (the log holds them).
    package var version: Int { 2 }
    package var eventTypes: [String] { ["trace.span-recorded"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        guard let traceID = p.string("traceId"), let spanID = p.string("spanId") else { return }
        let span = SpanRow(event)
        rows.put("span/\(traceID)/\(spanID)", span)
        try rows.update("trace/\(traceID)", as: TraceRow.self, default: { TraceRow() }) { t in
            t.spans += 1
            if span.statusCode == "error" { t.errors += 1 }
            if let start = span.startTime, t.startTime.map({ start < $0 }) ?? true { t.startTime = start }
            if let end = span.endTime, t.endTime.map({ end > $0 }) ?? true { t.endTime = end }
            if span.parentSpanId == nil {
                t.rootSpanId = spanID
                t.rootName = span.name
            }
            t.investigationId = t.investigationId ?? span.investigationId
            t.lastPosition = span.position
        }
        if let investigation = span.investigationId {
            rows.put("by-investigation/\(investigation)/\(traceID)", MarkerRow())
        }
    }
}

/// One span: its name, times, status and owner, and the `trace.span-recorded` event's position,
/// where a reader finds the rest (its attributes) in the log.
package struct SpanRow: ProjectionRow, Hashable {
    package var name: String
    package var kind: String?
    package var parentSpanId: String?
    package var startTime: Timestamp?
    package var endTime: Timestamp?
    package var durationNanoseconds: Int64?
    package var statusCode: String?
    package var statusMessage: String?
    package var investigationId: String?
    package var agent: String?
    package var position: Int64

    init(_ event: ProjectionEvent) {
        let p = event.payload
        let attributes = p["attributes"]
        name = p.string("name") ?? ""
        kind = p.string("kind")
        parentSpanId = p.string("parentSpanId")
        startTime = p.string("startTime").flatMap { try? Timestamp(rfc3339: $0) }
        endTime = p.string("endTime").flatMap { try? Timestamp(rfc3339: $0) }
        if let startTime, let endTime { durationNanoseconds = endTime.nanoseconds - startTime.nanoseconds }
        statusCode = p["status"]?["code"]?.string
        statusMessage = p["status"]?["message"]?.string
        investigationId = p.string("investigationId") ?? attributes?["opx.investigation.id"]?.string
        agent = attributes?["gen_ai.agent.name"]?.string
        position = Int64(event.position.rawValue)
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agent", agent)
            e.field("durationNanoseconds", durationNanoseconds)
            e.field("endTime", endTime)
            e.field("investigationId", investigationId)
            e.field("kind", kind)
            e.field("name", name)
            e.field("parentSpanId", parentSpanId)
            e.field("position", position)
            e.field("startTime", startTime)
            e.field("statusCode", statusCode)
            e.field("statusMessage", statusMessage)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        agent = d.optionalString("agent")
        durationNanoseconds = d.optionalInt("durationNanoseconds")
        endTime = d.optionalTime("endTime")
        investigationId = d.optionalString("investigationId")
        kind = d.optionalString("kind")
        name = try d.string("name")
        parentSpanId = d.optionalString("parentSpanId")
        position = d.int("position", default: 0)
        startTime = d.optionalTime("startTime")
        statusCode = d.optionalString("statusCode")
        statusMessage = d.optionalString("statusMessage")
    }
}

/// One trace, summed over its spans.
package struct TraceRow: ProjectionRow, Hashable {
    package var spans: Int64 = 0
    package var errors: Int64 = 0
    package var startTime: Timestamp?
    package var endTime: Timestamp?
    package var rootSpanId: String?
    package var rootName: String?
    package var investigationId: String?
    package var lastPosition: Int64 = 0

    package init() {}

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("endTime", endTime)
            e.field("errors", errors)
            e.field("investigationId", investigationId)
            e.field("lastPosition", lastPosition)
            e.field("rootName", rootName)
            e.field("rootSpanId", rootSpanId)
            e.field("spans", spans)
            e.field("startTime", startTime)
        }
    }

    package init(row d: RowDecoder) {
        endTime = d.optionalTime("endTime")
        errors = d.int("errors", default: 0)
        investigationId = d.optionalString("investigationId")
        lastPosition = d.int("lastPosition", default: 0)
        rootName = d.optionalString("rootName")
        rootSpanId = d.optionalString("rootSpanId")
        spans = d.int("spans", default: 0)
        startTime = d.optionalTime("startTime")
    }
}

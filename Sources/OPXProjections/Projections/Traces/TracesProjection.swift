package import OPXEvents

/// Trace records: spans by trace id and traces by investigation.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `span/<trace id>/<span id>` | ``EventRecordRow``: a reference to the `trace.span-recorded` event (the log holds the span) |
/// | `trace/<trace id>` | ``TraceRow``: span and error counts, time range, root span |
/// | `by-investigation/<investigation id>/<trace id>` | index entry |
package struct TracesProjection: Projection {
    package init() {}

    package var name: String { "traces" }
    /// 2: span rows no longer copy the span's attributes; 3: span rows are references to their events.
    package var version: Int { 3 }
    package var eventTypes: [String] { ["trace.span-recorded"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        guard let traceID = p.string("traceId"), let spanID = p.string("spanId") else { return }
        let span = Span(p)
        rows.putRecord("span/\(traceID)/\(spanID)", event)
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
            t.lastPosition = Int64(event.position.rawValue)
        }
        if let investigation = span.investigationId {
            rows.put("by-investigation/\(investigation)/\(traceID)", MarkerRow())
        }
    }
}

/// What the fold reads of a `trace.span-recorded` event (not stored: the span row is a reference to the event).
private struct Span {
    let name: String
    let startTime, endTime: Timestamp?
    let parentSpanId, statusCode, investigationId: String?

    init(_ p: Payload) {
        name = p.string("name") ?? ""
        parentSpanId = p.string("parentSpanId")
        startTime = p.string("startTime").flatMap { try? Timestamp(rfc3339: $0) }
        endTime = p.string("endTime").flatMap { try? Timestamp(rfc3339: $0) }
        statusCode = p["status"]?["code"]?.string
        investigationId = p.string("investigationId") ?? p["attributes"]?["opx.investigation.id"]?.string
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

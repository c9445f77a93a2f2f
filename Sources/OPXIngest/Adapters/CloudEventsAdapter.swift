import Foundation
import OPXEvents

/// CloudEvents 1.0 over HTTP: structured mode (`application/cloudevents+json`), batch mode
/// (`application/cloudevents-batch+json`, a JSON array) and binary mode (`ce-*` headers, the body is `data`).
///
/// An event whose `type` is `dev.opx.<opx event type>` (a built-in or registered type) is appended as that event:
/// its `data` is the payload, its stream the `opxstream` extension (else `incident-<incidentId>` or
/// `investigation-<investigationId>` from the payload, else `cloudevents`), its id the CloudEvents `id` when that
/// is a UUID. Any other event becomes a `signal.ingested` (source `cloudevents`, name = type). `source` + `id` is
/// the idempotency key. Invalid events are rejected as the specification requires, with the attribute's pointer.
struct CloudEventsAdapter {
    /// The `type` prefix of opx's own events.
    static let opxTypePrefix = "dev.opx."

    func read(_ request: IngestRequest, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        let media = AdapterDispatch.mediaType(request.contentType)
        var output = AdapterOutput()
        if request.headers["ce-specversion"] != nil, media != "application/cloudevents+json",
           media != "application/cloudevents-batch+json" {
            output.items.append(try item(CloudEvent(binary: request), context: context))
            return output
        }
        switch media {
        case nil, "", "application/json", "text/json", "application/cloudevents+json", "application/cloudevents-batch+json":
            break
        default:
            throw IngestError(status: 415, "content type \(media!) is neither application/cloudevents+json, application/cloudevents-batch+json, nor binary mode (which needs ce-specversion, ce-id, ce-source and ce-type headers)")
        }
        let root = PayloadReader(root: try AdapterDispatch.parse(request.body))
        if let events = root.value.arrayValue {
            guard media != "application/cloudevents+json" else {
                throw .invalid("", "a structured-mode body must be one JSON object; send arrays as application/cloudevents-batch+json")
            }
            for (index, event) in events.enumerated() {
                let reader = PayloadReader(value: event, pointer: "/\(index)")
                output.items.append(try item(try CloudEvent(structured: reader), context: context))
            }
        } else {
            guard media != "application/cloudevents-batch+json" else {
                throw .invalid("", "a batch-mode body must be a JSON array of CloudEvents")
            }
            output.items.append(try item(try CloudEvent(structured: root), context: context))
        }
        return output
    }

    private func item(_ event: CloudEvent, context: AdapterContext) throws(IngestError) -> IngestItem {
        if event.type.hasPrefix(Self.opxTypePrefix), let type = try? EventType(String(event.type.dropFirst(Self.opxTypePrefix.count))),
           let latest = context.knownVersion(type) {
            return try opxEvent(event, type: type, latest: latest)
        }
        return try signal(event, context: context)
    }

    private func opxEvent(_ event: CloudEvent, type: EventType, latest: UInt16) throws(IngestError) -> IngestItem {
        guard let data = event.data, case .object(let payload) = data else {
            throw .invalid(event.pointer + "/data", "an opx event (\(type)) needs its payload as a JSON object in `data`")
        }
        var version = latest
        if let schema = event.dataschema, schema.hasPrefix("opx:event/\(type.rawValue)/v"),
           let given = UInt16(schema.dropFirst("opx:event/\(type.rawValue)/v".count)) {
            version = given
        }
        let id = EventID(event.id) ?? IdempotencyKey.eventID(at: event.time ?? Timestamp(nanoseconds: 0), "cloudevents", event.source, event.id)
        let stream: StreamID
        if let named = event.extensions["opxstream"] {
            guard let valid = try? StreamID(named) else {
                throw .invalid(event.pointer + "/opxstream", "opxstream \"\(named.prefix(60))\" is not a stream id: use letters, digits and . _ : @ / + = -")
            }
            stream = valid
        } else if let incident = payload["incidentId"]?.stringValue.flatMap(EntityID.init) {
            stream = .incident(incident)
        } else if let investigation = payload["investigationId"]?.stringValue.flatMap(EntityID.init) {
            stream = .investigation(investigation)
        } else {
            stream = StreamID(unchecked: "cloudevents")
        }
        let source = (try? EventSource(event.source)) ?? EventSource(unchecked: IngestAdapter.cloudevents.eventSource)
        let proposed = ProposedEvent(
            id: id, type: type, schemaVersion: version, data: .object(payload), source: source,
            correlationID: event.extensions["correlationid"].flatMap(EventID.init),
            causationID: event.extensions["causationid"].flatMap(EventID.init),
            traceparent: event.extensions["traceparent"].flatMap { try? Traceparent($0) })
        return IngestItem(stream: stream, event: proposed, signal: nil, sendersPayload: true)
    }

    private func signal(_ event: CloudEvent, context: AdapterContext) throws(IngestError) -> IngestItem {
        let data = event.data.map { PayloadReader(value: $0, pointer: event.pointer + "/data") }
        let statusWord = (event.extensions["status"] ?? data?.string("status") ?? "firing").lowercased()
        let status: SignalIngested.Status = ["resolved", "ok", "closed", "cleared"].contains(statusWord) ? .resolved
            : ["acknowledged", "ack"].contains(statusWord) ? .acknowledged : .firing
        var labels = event.extensions
        labels["cesource"] = event.source
        labels["cetype"] = event.type
        labels["cesubject"] = event.subject
        labels["service"] = labels["service"] ?? data?.string("service")
        var annotations = data?.stringMapValue
        if let data, data.object == nil, let text = data.text ?? data.value.arrayValue.map({ _ in
            String(decoding: data.canonicalBytes, as: UTF8.self)
        }) {
            annotations = ["data": text]
        }
        let at = event.time ?? context.now
        let draft = SignalDraft(
            source: "cloudevents", key: [event.source, event.id],
            fingerprint: "\(event.source) \(event.subject ?? event.type)", status: status, name: event.type,
            summary: data?.string("summary") ?? data?.string("message") ?? (data?.object == nil ? data?.text : nil),
            severity: event.extensions["severity"] ?? data?.string("severity"), startsAt: at,
            endsAt: status == .resolved ? at : nil, externalId: event.id, url: event.dataschema, labels: labels,
            annotations: annotations)
        var item = try draft.item(serviceLabels: context.serviceLabels, origin: .cloudevents)
        item.event.traceparent = event.extensions["traceparent"].flatMap { try? Traceparent($0) }
        return item
    }
}

import OPXEvents

/// A signal as an adapter read it, before it is bounded to the `signal.ingested` schema and given its id.
struct SignalDraft {
    /// The adapter name written to `source` (`alertmanager`, `cloudwatch`, …).
    var source: String
    /// The parts of the source's idempotency key; the same parts give the same event id.
    var key: [String]
    var fingerprint: String
    var status: SignalIngested.Status
    var name: String
    var summary: String? = nil
    var service: String? = nil
    var severity: String? = nil
    var startsAt: Timestamp
    var endsAt: Timestamp? = nil
    var externalId: String? = nil
    var url: String? = nil
    var labels: [String: String]? = nil
    var annotations: [String: String]? = nil

    /// The `signal.ingested` event for the stream `signals-<source>`, with strings cut to the schema's bounds.
    ///
    /// When no service is set, the first of `serviceLabels` present in the labels names it.
    func item(serviceLabels: [String], origin: IngestAdapter) throws(IngestError) -> IngestItem {
        let id = IdempotencyKey.eventID(at: startsAt, [source] + key)
        let service = self.service ?? serviceLabels.lazy.compactMap { labels?[$0] }.first { !$0.isEmpty }
        let signal = SignalIngested(
            signalId: EntityID(id), source: source, fingerprint: Bounded.text(fingerprint, 256) ?? "-", status: status,
            name: Bounded.text(name, 512) ?? "alert", summary: Bounded.text(summary, 4096, allowEmpty: true),
            service: Bounded.text(service, 200), severity: Bounded.text(severity, 64), startsAt: startsAt,
            endsAt: endsAt, externalId: Bounded.text(externalId, 512), url: Bounded.text(url, 2048),
            labels: Bounded.map(labels, valueLength: 1024), annotations: Bounded.map(annotations, valueLength: 4096))
        let event = ProposedEvent(id: id, type: SignalIngested.eventType, schemaVersion: SignalIngested.schemaVersion,
                                  data: signal.payload, source: EventSource(unchecked: origin.eventSource))
        return IngestItem(stream: StreamID(unchecked: "signals-\(source)"), event: event, signal: signal)
    }
}

/// Cuts values to the lengths the event schemas allow.
enum Bounded {
    /// `text` cut to `length` Unicode scalars; `nil` when absent or empty (unless `allowEmpty`).
    static func text(_ text: String?, _ length: Int, allowEmpty: Bool = false) -> String? {
        guard let text, allowEmpty || !text.isEmpty else { return nil }
        // A scalar takes at least one UTF-8 byte: no need to count scalars when the bytes fit.
        guard text.utf8.count > length, text.unicodeScalars.count > length else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(length))
        return String(scalars)
    }

    /// At most 64 entries (by key order), keys of at most 256 and values of at most `valueLength` scalars.
    static func map(_ map: [String: String]?, valueLength: Int) -> [String: String]? {
        guard let map, !map.isEmpty else { return nil }
        if map.count <= 64, map.allSatisfy({ !$0.key.isEmpty && $0.key.utf8.count <= 256 && $0.value.utf8.count <= valueLength }) {
            return map   // within bounds already: no sorting, no copy
        }
        var bounded: [String: String] = [:]
        for key in map.keys.sorted().prefix(64) {
            guard let name = text(key, 256) else { continue }
            bounded[name] = text(map[key], valueLength, allowEmpty: true)
        }
        return bounded
    }

    /// A typed event as a proposed event with `id`, from `source` (`/opx/ingest/<adapter>`, `/opx/correlation`).
    static func event<Event: CatalogueEvent>(_ event: Event, id: EventID, source: String) throws(IngestError) -> ProposedEvent {
        do {
            return try ProposedEvent(event, id: id, source: EventSource(unchecked: source))
        } catch {
            throw IngestError(status: 422, "the \(Event.eventType) event built from this payload cannot be encoded: \(error)")
        }
    }
}

import OPXEvents

/// What an adapter made of one request: the events to append, in order, and the answer the sender expects.
struct AdapterOutput {
    /// The events, each with its stream; signals also carry their typed form for correlation.
    var items: [IngestItem] = []
    /// The HTTP status of a successful answer.
    var status = 200
    /// The answer body when the sender expects a particular one (PagerDuty); `nil` for opx's own summary.
    var body: JSONValue?
}

/// One event an adapter wants appended.
struct IngestItem {
    /// The stream it goes to.
    var stream: StreamID
    /// The event, whose id is derived from the source's idempotency key.
    var event: ProposedEvent
    /// The typed signal, for `signal.ingested` events.
    var signal: SignalIngested?
    /// Whether the payload came from the sender as it is (a `dev.opx.*` CloudEvent), so it is checked against its
    /// schema before anything of the request is appended; adapters' own events are checked by the log.
    var sendersPayload = false
}

/// What every adapter is given besides the body.
struct AdapterContext {
    /// The request's content type and headers.
    var request: IngestRequest
    /// The receipt time, used only where the payload names no time.
    var now: Timestamp
    /// Which labels name a signal's service.
    var serviceLabels: [String]
    /// The latest schema version of an opx event type the log knows (built in or registered), `nil` for others.
    var knownVersion: (EventType) -> UInt16?
}

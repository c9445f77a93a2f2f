import OPXIngest
import OPXStorage
package import Prometheus

/// The server's Prometheus metrics, in one registry served at `/metrics`.
///
/// Counters are updated by the routes as requests complete; the gauges describing the store
/// (writer statistics, head, map use, projection lag, investigations, cost) are set from the
/// store by ``StoreGauges`` just before each scrape.
package final class ServerMetrics: Sendable {
    /// The registry (shared with swift-metrics' `PrometheusMetricsFactory` by `opx serve`).
    package let registry: PrometheusCollectorRegistry
    /// Caller-observed append latency (request to durable commit).
    let appendLatency: DurationHistogram
    /// Events appended through the server.
    let appendedEvents: Counter
    /// Append requests answered 2xx.
    let appends: Counter
    /// Ingest requests' waits in correlation, for append order and for the commit (see `IngestWaits`).
    private let ingestWaits: (correlation: DurationHistogram, order: DurationHistogram, commit: DurationHistogram, resume: DurationHistogram)
    /// The response counters by status code, made on first use: a registry lookup per request was a visible cost.
    private let responses = Locked<[Int: Counter]>([:])
    /// The ingest counters of each adapter, made on first use.
    private let ingest = Locked<[String: IngestCounters]>([:])

    /// One adapter's ingest counters.
    private struct IngestCounters {
        let requests: Counter
        let events: Counter
        let duplicates: Counter
    }

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]
        appendLatency = registry.makeDurationHistogram(
            descriptor: Self.descriptor("opx_append_duration", unit: "seconds",
                                        help: "Time from an append request to its durable commit"),
            buckets: buckets)
        // Finer between 10 and 100 ms, where the p99 of a loaded server lies.
        let waitBuckets: [Duration] = [1, 2, 5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 250, 1000].map { .milliseconds($0) }
        let wait = { (phase: String) in
            registry.makeDurationHistogram(
                descriptor: Self.descriptor("opx_ingest_wait", unit: "seconds",
                                            help: "An ingest request's time in correlation (waiting and deciding), waiting for its group's earlier appends (order), in the writer (commit), and from its append durable until it runs again (resume)"),
                labels: [("phase", phase)], buckets: waitBuckets)
        }
        ingestWaits = (wait("correlation"), wait("order"), wait("commit"), wait("resume"))
        appendedEvents = registry.makeCounter(descriptor: Self.descriptor("opx_appended_events_total", help: "Events appended through the server"))
        appends = registry.makeCounter(descriptor: Self.descriptor("opx_appends_total", help: "Appends (batches) made durable through the server"))
    }

    /// Counts one answered request by status code.
    func request(status: Int) {
        responses.withLock { counters in
            if let counter = counters[status] { return counter }
            let counter = registry.makeCounter(descriptor: Self.descriptor("opx_http_responses_total", help: "HTTP responses by status code"),
                                               labels: [("status", String(status))])
            counters[status] = counter
            return counter
        }.increment()
    }

    /// Counts an ingest request, the events it appended and those it had already appended (re-sent webhooks), and
    /// records its waits.
    func ingested(adapter: String, events: Int, duplicates: Int, waits: IngestWaits) {
        let counters = ingest.withLock { counters in
            if let known = counters[adapter] { return known }
            let made = IngestCounters(
                requests: registry.makeCounter(descriptor: Self.descriptor("opx_ingest_requests_total", help: "Ingest requests accepted, per adapter"),
                                               labels: [("adapter", adapter)]),
                events: registry.makeCounter(descriptor: Self.descriptor("opx_ingest_events_total", help: "Events appended by ingest requests (signals, changes, decisions), per adapter"),
                                             labels: [("adapter", adapter)]),
                duplicates: registry.makeCounter(descriptor: Self.descriptor("opx_ingest_duplicates_total", help: "Signals and changes of re-sent webhooks (appended before), per adapter"),
                                                 labels: [("adapter", adapter)]))
            counters[adapter] = made
            return made
        }
        counters.requests.increment()
        counters.events.increment(by: Int64(events))
        counters.duplicates.increment(by: Int64(duplicates))
        ingestWaits.correlation.record(waits.correlation)
        ingestWaits.order.record(waits.order)
        ingestWaits.commit.record(waits.commit)
        ingestWaits.resume.record(waits.resume)
    }

    /// Records one durable append of `events` events that took `duration`.
    func appended(events: Int, duration: Duration) {
        appends.increment()
        appendedEvents.increment(by: Int64(events))
        appendLatency.record(duration)
    }

    /// Sets gauge `name` (with `labels`) to `value`.
    func set(_ name: String, _ value: Double, labels: [(String, String)] = [], help: String) {
        registry.makeGauge(descriptor: Self.descriptor(name, help: help), labels: labels).set(value)
    }

    private static func descriptor(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }

    /// The Prometheus text exposition of every metric.
    package func exposition() -> [UInt8] {
        var out: [UInt8] = []
        registry.emit(into: &out)
        return out
    }
}

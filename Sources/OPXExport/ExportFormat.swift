/// The form an export is written in.
package enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// CloudEvents JSON Lines: one structured CloudEvent per line, the summary event last.
    case jsonLines = "cloudevents"
    /// A CloudEvents JSON batch (`application/cloudevents-batch+json`): one array, one event per line, the summary last.
    case batch = "cloudevents-batch"
    /// OTLP/JSON `ExportTraceServiceRequest` of the selected `trace.span-recorded` events.
    case otlp = "otlp"

    /// The media type to announce (e.g. as an HTTP `Content-Type`).
    package var mediaType: String {
        switch self {
        case .jsonLines: "application/x-ndjson"
        case .batch: "application/cloudevents-batch+json"
        case .otlp: "application/json"
        }
    }
}

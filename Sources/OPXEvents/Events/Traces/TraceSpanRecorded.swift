/// One finished OpenTelemetry span: an investigation, an agent attempt, or a tool call.
///
/// Attribute names follow the OpenTelemetry semantic conventions; model calls use the GenAI ones
/// (`gen_ai.request.model`, `gen_ai.usage.input_tokens`, …). Prompts and responses are never recorded raw.
package struct TraceSpanRecorded: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `trace.span-recorded`.
    package static let eventType = EventType(unchecked: "trace.span-recorded")
    /// The schema version these fields follow (`Schemas/events/trace.span-recorded/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// 32 lowercase hex digits, not all zero.
    package var traceId: String
    /// 16 lowercase hex digits, not all zero.
    package var spanId: String
    /// The parent span, absent for a root span.
    package var parentSpanId: String?
    /// The span name.
    package var name: String
    /// The span kind.
    package var kind: Kind
    /// When it started.
    package var startTime: Timestamp
    /// When it ended.
    package var endTime: Timestamp
    /// How it ended.
    package var status: Status
    /// The investigation it belongs to.
    package var investigationId: EntityID?
    /// Attributes: strings, numbers, Booleans, or arrays of them (at most 128).
    package var attributes: JSONObject

    /// Creates the event; optional fields default to absent.
    package init(traceId: String, spanId: String, parentSpanId: String? = nil, name: String, kind: Kind,
                 startTime: Timestamp, endTime: Timestamp, status: Status, investigationId: EntityID? = nil,
                 attributes: JSONObject) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.name = name
        self.kind = kind
        self.startTime = startTime
        self.endTime = endTime
        self.status = status
        self.investigationId = investigationId
        self.attributes = attributes
    }

    /// An OpenTelemetry span kind.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Internal work.
        case `internal` = "internal"
        /// Serving a request.
        case server
        /// Calling out.
        case client
        /// Sending a message.
        case producer
        /// Receiving a message.
        case consumer
    }

    /// An OpenTelemetry span status.
    package struct Status: Sendable, Hashable, Codable {
        /// The status code.
        package var code: Code
        /// A description, for errors.
        package var message: String?

        /// Creates a value; optional fields default to absent.
        package init(code: Code, message: String? = nil) {
            self.code = code
            self.message = message
        }

        /// An OpenTelemetry status code.
        package enum Code: String, Sendable, Hashable, Codable, CaseIterable {
            /// No status set.
            case unset
            /// Succeeded.
            case ok
            /// Failed.
            case error
        }
    }
}

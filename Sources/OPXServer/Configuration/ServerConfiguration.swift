import Foundation
import OPXEvents

/// The `server` section of the opx configuration file: limits, rate limits and query-token adapters.
///
/// ```json
/// {"server": {"maxBodyBytes": 1048576, "maxBatchEvents": 1000, "requestTimeoutSeconds": 30,
///             "idleTimeoutSeconds": 60, "rateLimit": {"requestsPerSecond": 1000, "burst": 2000},
///             "queryTokenAdapters": ["grafana"]}}
/// ```
///
/// Every key is optional; a missing section means all defaults. An unknown key inside the section,
/// or a bad value, is a ``ConfigurationError`` naming the key path and the file.
package struct ServerConfiguration: Sendable, Hashable {
    /// The default request body limit (1 MiB).
    package static let defaultMaxBodyBytes = 1 << 20

    /// Largest request body accepted, in bytes; larger bodies get 413.
    package var maxBodyBytes = ServerConfiguration.defaultMaxBodyBytes
    /// Most events (or alerts, signals) one request may append; more get 413.
    package var maxBatchEvents = 1000
    /// A request not answered within this many seconds gets 503 (subscriptions and exports excepted).
    package var requestTimeoutSeconds: Double = 30
    /// A connection idle for this many seconds is closed.
    package var idleTimeoutSeconds: Double = 60
    /// Requests per second allowed per token (a token bucket); 0 turns rate limiting off.
    package var requestsPerSecond: Double = 1000
    /// Requests a token may make in a burst above its rate.
    package var burst: Double = 2000
    /// Adapters whose webhook senders may pass their token as `?token=` (for senders that cannot set
    /// headers). Empty by default: tokens only in the `Authorization` header.
    package var queryTokenAdapters: Set<String> = []

    /// The defaults.
    package init() {}

    /// The section's key in the configuration file.
    package static let sectionKey = "server"

    /// Reads the `server` section of the configuration file at `path` (defaults when `path` is nil
    /// or the file has no `server` key).
    /// - Throws: ``ConfigurationError`` naming the file and the key path.
    package static func load(fromConfigFile path: String?) throws -> ServerConfiguration {
        guard let path else { return ServerConfiguration() }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw ConfigurationError("\(path): cannot read the configuration file: \(error)")
        }
        guard let root = document.objectValue else { throw ConfigurationError("\(path): the configuration must be a JSON object of sections") }
        guard let section = root[sectionKey] else { return ServerConfiguration() }
        do {
            return try ServerConfiguration(section)
        } catch {
            let keyPath = error.pointer.split(separator: "/").joined(separator: ".")
            throw ConfigurationError("\(path): \(sectionKey)\(keyPath.isEmpty ? "" : ".")\(keyPath) \(error.message)")
        }
    }

    /// Decodes a section value; errors carry pointers relative to the section.
    init(_ value: JSONValue) throws(FieldError) {
        let fields = try JSONFields(value, at: "")
        try fields.onlyKnown(["maxBodyBytes", "maxBatchEvents", "requestTimeoutSeconds", "idleTimeoutSeconds", "rateLimit",
                              "queryTokenAdapters"])
        if let v = try fields.integer("maxBodyBytes", in: 1_024...(256 << 20)) { maxBodyBytes = Int(v) }
        if let v = try fields.integer("maxBatchEvents", in: 1...10_000) { maxBatchEvents = Int(v) }
        if let v = try fields.number("requestTimeoutSeconds", in: 0.1...3600) { requestTimeoutSeconds = v }
        if let v = try fields.number("idleTimeoutSeconds", in: 1...86_400) { idleTimeoutSeconds = v }
        if let rate = try fields.fields("rateLimit") {
            try rate.onlyKnown(["requestsPerSecond", "burst"])
            if let v = try rate.number("requestsPerSecond", in: 0...1_000_000) { requestsPerSecond = v }
            if let v = try rate.number("burst", in: 1...10_000_000) { burst = v }
        }
        if let adapters = try fields.strings("queryTokenAdapters") {
            for (index, name) in adapters.enumerated() where !IngestAdapterName.all.contains(name) {
                throw FieldError(pointer: "/queryTokenAdapters/\(index)",
                                 message: "\"\(name.prefix(40))\" is not an adapter; use one of \(IngestAdapterName.all.sorted().joined(separator: ", "))")
            }
            queryTokenAdapters = Set(adapters)
        }
    }
}

/// A configuration file that cannot be used, with the file and key path in the message.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The message.
    package let description: String
    init(_ description: String) { self.description = description }
}

/// The ingest adapters the server routes (`POST /v1/ingest/{name}`).
package enum IngestAdapterName {
    /// Every adapter name.
    package static let all: Set<String> = ["alertmanager", "grafana", "eventbridge", "pagerduty", "cloudevents", "changes"]
}

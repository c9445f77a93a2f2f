import Foundation
package import Logging
import OPXEventLog
import OPXEvents

/// A log handler writing one JSON object per line to stderr: time, level, label, message and metadata.
///
/// `opx serve` logs through it. Callers never pass secrets or bodies as metadata.
package struct JSONLogHandler: LogHandler {
    /// The logger's label.
    package let label: String
    /// Metadata of this logger.
    package var metadata: Logger.Metadata = [:]
    /// The level.
    package var logLevel: Logger.Level = .info
    /// No metadata provider.
    package var metadataProvider: Logger.MetadataProvider?

    package init(label: String) { self.label = label }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one JSON line.
    package func log(event: LogEvent) {
        let level = event.level, message = event.message, explicit = event.metadata
        var members: [(String, JSONValue)] = [
            ("time", .string(Timestamp.now().description)),
            ("level", .string(level.rawValue)), ("logger", .string(label)), ("message", .string(message.description)),
        ]
        let merged = metadata.merging(explicit ?? [:]) { $1 }
        for key in merged.keys.sorted() { members.append((key, Self.json(merged[key]!))) }
        let object = (try? JSONObject(members)) ?? JSONObject()
        FileHandle.standardError.write(Data(CanonicalJSONWriter.canonicalBytes(.object(object)) + [10]))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .object((try? JSONObject(d.keys.sorted().map { ($0, json(d[$0]!)) })) ?? JSONObject())
        }
    }
}

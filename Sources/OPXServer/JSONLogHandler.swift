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
        // Members go into their place in key order as they are set (no list sorted at the end); the four fixed
        // fields are set last, so metadata of the same name cannot replace them.
        var object = JSONObject()
        for (key, value) in metadata { object.set(key, Self.json(value)) }
        for (key, value) in event.metadata ?? [:] { object.set(key, Self.json(value)) }
        object.set("time", .string(Timestamp.now().description))
        object.set("level", .string(event.level.rawValue))
        object.set("logger", .string(label))
        object.set("message", .string(event.message.description))
        var line = CanonicalJSONWriter.canonicalBytes(.object(object))
        line.append(10)
        Self.writeToStandardError(line)
    }

    /// Writes all of `bytes` to stderr with `write(2)` (one call per line unless the kernel takes less), without
    /// the `Data` copy and `FileHandle` that cost a request log line an allocation and a retain-release pair more.
    private static func writeToStandardError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return   // nowhere to report a failing stderr
                }
            }
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d):
            var object = JSONObject()
            for (key, member) in d { object.set(key, json(member)) }
            return .object(object)
        }
    }
}

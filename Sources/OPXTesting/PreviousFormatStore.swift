import OPXEventLog
package import OPXEvents
import OPXStorage
import Logging

/// Turns a store into one of the previous storage format (`opx-log/2`: a `streams` database with
/// revision ‖ position values per stream and an `event-ids` database), for upgrade tests.
///
/// The current `index` database is left in place, as an upgrade interrupted by a crash leaves it.
package enum PreviousFormatStore {
    /// Rewrites the index of the closed store in `path`, which holds exactly `events`, in the `opx-log/2` layout.
    package static func convert(path: String, events: [RecordedEvent]) async throws {
        let env = try LMDBEnvironment(path: path, configuration: .readWrite(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { env.close() }
        let streams = try env.database("streams", flags: [.duplicateSort, .duplicateFixed])
        let ids = try env.database("event-ids"), meta = try env.database("meta")
        try await env.write { txn in
            for event in events {
                let position = KeyLayout.position(event.position.rawValue)
                try txn.put(streams, key: KeyLayout.streamKey(event.stream), value: KeyLayout.bigEndian(event.revision) + position)
                try txn.put(ids, key: event.id.bytes, value: position)
            }
            try txn.put(meta, key: Array("format".utf8), value: Array("opx-log/2".utf8))
        }
    }
}

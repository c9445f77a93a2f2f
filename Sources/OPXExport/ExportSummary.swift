import Crypto
package import OPXEvents

/// The anchoring summary of an export: what it holds and how it links into the log's chain.
///
/// Written as the export's last CloudEvent (type ``eventType``), whose `opxhash` chains it to the
/// last exported event: `SHA-256(lastHash bytes ‖ JCS(summary event without opxhash))`, so editing
/// any field of the summary is detected.
package struct ExportSummary: Sendable, Hashable {
    /// The CloudEvents `type` of the summary event.
    package static let eventType = "dev.opx.export.summary"
    /// The CloudEvents `source` of the summary event.
    package static let source = "/opx/export"

    /// The chain hash before the first exported event (its `opxprevhash`); genesis (zeros) when empty.
    package var anchorHash: EventHash = .genesis
    /// Events exported.
    package var count: UInt64 = 0
    /// The first exported position (0 when empty).
    package var firstPosition: UInt64 = 0
    /// The last exported position (0 when empty).
    package var lastPosition: UInt64 = 0
    /// The last exported event's hash; equals ``anchorHash`` when empty.
    package var lastHash: EventHash = .genesis
    /// True when the selection is every event between the first and last position (no gaps allowed).
    package var contiguous: Bool
    /// The format of the export.
    package var format: ExportFormat
    /// The selection's filters as `name: value` (empty for the whole log).
    package var selection: [String: String]
    /// The LMDB library version of the exporting opx.
    package var lmdbVersion: String
    /// The exporting opx version.
    package var opxVersion: String
    /// When the export was written.
    package var exportedAt: Timestamp

    /// A summary with nothing counted yet.
    package init(contiguous: Bool, format: ExportFormat, selection: [String: String], lmdbVersion: String,
                 opxVersion: String, exportedAt: Timestamp) {
        self.contiguous = contiguous
        self.format = format
        self.selection = selection
        self.lmdbVersion = lmdbVersion
        self.opxVersion = opxVersion
        self.exportedAt = exportedAt
    }

    /// Counts one exported event.
    mutating func add(position: UInt64, previousHash: EventHash, hash: EventHash) {
        if count == 0 {
            anchorHash = previousHash
            firstPosition = position
        }
        count += 1
        lastPosition = position
        lastHash = hash
    }

    /// The summary's CloudEvent, canonical JSON, with its `opxhash`.
    package func cloudEventBytes() -> [UInt8] {
        var object = unhashedEvent()
        object.set("opxhash", .string(Self.hash(chainedTo: count == 0 ? anchorHash : lastHash, object).description))
        return CanonicalJSONWriter.canonicalBytes(.object(object))
    }

    /// The hash that chains the summary event `object` (without `opxhash`) to `previous`.
    static func hash(chainedTo previous: EventHash, _ object: JSONObject) -> EventHash {
        var sha = SHA256()
        previous.withUnsafeBytes { sha.update(bufferPointer: $0) }
        sha.update(data: CanonicalJSONWriter.canonicalBytes(.object(object)))
        return sha.finalize().withUnsafeBytes { EventHash(bytes: $0) }
    }

    private func unhashedEvent() -> JSONObject {
        var data: JSONObject = [
            "anchorHash": .string(anchorHash.description),
            "contiguous": .bool(contiguous),
            "count": .number(JSONNumber(Int64(count))),
            "exportedAt": .string(exportedAt.description),
            "firstPosition": .string(Self.padded(firstPosition)),
            "format": .string(format.rawValue),
            "lastHash": .string(lastHash.description),
            "lastPosition": .string(Self.padded(lastPosition)),
            "lmdbVersion": .string(lmdbVersion),
            "opxVersion": .string(opxVersion),
        ]
        var filters = JSONObject()
        for (name, value) in selection { filters.set(name, .string(value)) }
        data.set("selection", .object(filters))
        let dataBytes = CanonicalJSONWriter.canonicalBytes(.object(data))
        return [
            "data": .object(data),
            "datacontenttype": .string(CloudEventForm.dataContentType),
            "id": .string(EventID(digest: SHA256.hash(data: dataBytes)).description),
            "source": .string(Self.source),
            "specversion": "1.0",
            "time": .string(exportedAt.description),
            "type": .string(Self.eventType),
        ]
    }

    static func padded(_ value: UInt64) -> String {
        var out: [UInt8] = []
        CloudEventForm.padded(value, &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension ExportSummary {
    /// Reads a summary back from its parsed CloudEvent; `nil` with a reason when a field is missing or malformed.
    /// Checks the `opxhash` against `previous` (the last event's hash, or the anchor when no event precedes).
    static func parse(_ event: JSONObject, previous: EventHash?) -> Result<ExportSummary, SummaryProblem> {
        var object = event
        guard let stored = object.removeValue(forKey: "opxhash")?.stringValue.flatMap(EventHash.init(hex:)) else {
            return .failure(.init("the summary has no valid opxhash (64 lowercase hex digits)"))
        }
        guard let data = object["data"]?.objectValue else { return .failure(.init("the summary has no data object")) }
        func string(_ key: String) -> String? { data[key]?.stringValue }
        func hash(_ key: String) -> EventHash? { string(key).flatMap(EventHash.init(hex:)) }
        func position(_ key: String) -> UInt64? { string(key).flatMap { $0.utf8.count == 20 ? UInt64($0) : nil } }
        guard let anchor = hash("anchorHash"), let last = hash("lastHash"), let first = position("firstPosition"),
              let lastPosition = position("lastPosition"), let count = data["count"]?.int64Value, count >= 0,
              let contiguous = data["contiguous"]?.boolValue, let format = string("format").flatMap(ExportFormat.init(rawValue:)),
              let lmdb = string("lmdbVersion"), let opx = string("opxVersion"),
              let time = string("exportedAt").flatMap({ try? Timestamp(rfc3339: $0) }),
              let filters = data["selection"]?.objectValue else {
            return .failure(.init("the summary's data lacks a field or has a malformed one (anchorHash, count, firstPosition, lastPosition, lastHash, contiguous, format, selection, lmdbVersion, opxVersion, exportedAt)"))
        }
        let expected = Self.hash(chainedTo: previous ?? anchor, object)
        guard expected == stored else {
            return .failure(.init("the summary does not match its opxhash (the summary was edited, or the last event before it is not the one it was written after)"))
        }
        var selection: [String: String] = [:]
        for (name, value) in filters.members { selection[name] = value.stringValue ?? "" }
        var summary = ExportSummary(contiguous: contiguous, format: format, selection: selection, lmdbVersion: lmdb,
                                    opxVersion: opx, exportedAt: time)
        summary.anchorHash = anchor
        summary.count = UInt64(count)
        summary.firstPosition = first
        summary.lastPosition = lastPosition
        summary.lastHash = last
        return .success(summary)
    }
}

/// Why a summary line could not be read.
struct SummaryProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

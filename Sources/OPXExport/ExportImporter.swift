package import OPXEventLog
import OPXEvents

/// What an import did.
package struct ImportResult: Sendable, Hashable {
    /// Events read from the file.
    package var events: UInt64 = 0
    /// Events newly written.
    package var appended: UInt64 = 0
    /// Events already in the store (same id and body): skipped.
    package var duplicates: UInt64 = 0
    /// Events whose record in the store has the export's position and hash (the chain was reproduced).
    package var reproduced: UInt64 = 0
}

/// Loads a CloudEvents export (JSON Lines or batch) into a store, idempotent by event id.
///
/// The file is verified first and refused when it does not verify. Events are appended in file
/// order, consecutive events of one stream with one recorded-at time as one batch, with their
/// original times (through ``ImportClock``), so importing a whole-log export into a new store
/// reproduces the original records, positions and hashes. Every event is validated against the
/// catalogue as any append is. Importing the same file again appends nothing.
package enum ExportImporter {
    /// Imports the export at `path` into `log`, which must have been opened with `clock.now` as its clock.
    /// - Throws: ``ExportError`` `.invalidExport` when the file does not verify (naming its first bad
    ///   line) or is OTLP; append errors (validation, limits) for events the store refuses.
    package static func run(fileAt path: String, into log: EventLog, clock: ImportClock,
                            progress: (_ done: UInt64, _ total: UInt64) -> Void = { _, _ in }) async throws -> ImportResult {
        let report = try ExportVerifier.verify(fileAt: path)
        if let problem = report.firstProblem {
            throw ExportError(.invalidExport, "\(path) does not verify, nothing imported: line \(problem.line): \(problem.message) (run `opx verify --export \(path)`)")
        }
        guard report.format != .otlp else {
            throw ExportError(.invalidExport, "\(path) is an OTLP trace export; import takes a CloudEvents export (opx export --format cloudevents)")
        }
        let reader = try ExportFileReader(path: path)
        var splitter = LineSplitter(maximumLength: ExportVerifier.maximumLineBytes)
        var pending: [ImportedEvent] = []
        var result = ImportResult()
        var failure: (any Error)?
        func collect(_ number: Int, _ bytes: UnsafeRawBufferPointer?) {
            guard failure == nil, let bytes else { return }
            do {
                if let event = try ImportedEvent(line: bytes, number: number) { pending.append(event) }
            } catch { failure = error }
        }
        while try reader.next({ splitter.feed($0, collect) }) {
            if let failure { throw failure }
            pending = try await appendGroups(pending, keepingLast: true, into: log, clock: clock, result: &result)
            progress(reader.done, reader.size)
        }
        splitter.finish(collect)
        if let failure { throw failure }
        _ = try await appendGroups(pending, keepingLast: false, into: log, clock: clock, result: &result)
        return result
    }

    /// Appends runs of same-stream, same-time events as batches; returns the last, possibly
    /// unfinished run when `keepingLast`.
    private static func appendGroups(_ events: [ImportedEvent], keepingLast: Bool, into log: EventLog, clock: ImportClock,
                                     result: inout ImportResult) async throws -> [ImportedEvent] {
        var start = 0
        while start < events.count {
            var end = start + 1
            while end < events.count, end - start < 1000, events[end].stream == events[start].stream,
                  events[end].time == events[start].time { end += 1 }
            if end == events.count && keepingLast && end - start < 1000 { return Array(events[start...]) }
            let group = events[start..<end]
            clock.set(group.first!.time)
            let appended = try await log.append(to: group.first!.stream, events: group.map(\.event))
            result.events += UInt64(group.count)
            if appended.duplicate { result.duplicates += UInt64(group.count) } else { result.appended += UInt64(group.count) }
            if appended.lastPosition == group.last!.position, appended.headHash == group.last!.hash {
                result.reproduced += UInt64(group.count)
            }
            start = end
        }
        return []
    }
}

/// One event line of an export, read back into what an append needs.
private struct ImportedEvent {
    let event: ProposedEvent
    let stream: StreamID
    let time: Timestamp
    let position: UInt64
    let hash: String

    /// `nil` for lines that are not events (the batch brackets, the summary).
    init?(line bytes: UnsafeRawBufferPointer, number: Int) throws {
        var bytes = bytes
        if bytes.last == UInt8(ascii: ",") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        guard bytes.first == UInt8(ascii: "{"), let object = (try? JSONParser.parse(bytes))?.objectValue,
              let type = object["type"]?.stringValue, type != ExportSummary.eventType else { return nil }
        func fail(_ what: String) -> ExportError { ExportError(.invalidExport, "line \(number): \(what)") }
        func string(_ key: String) throws -> String {
            guard let value = object[key]?.stringValue else { throw fail("no \(key) attribute") }
            return value
        }
        func id(_ key: String) throws -> EventID? {
            guard let text = object[key]?.stringValue else { return nil }
            guard let id = EventID(text) else { throw fail("\(key) \"\(text)\" is not a UUID") }
            return id
        }
        let schema = try string("dataschema")
        guard type.hasPrefix("dev.opx."), let versionText = schema.split(separator: "/").last, versionText.hasPrefix("v"),
              let version = UInt16(versionText.dropFirst()) else {
            throw fail("type \(type) / dataschema \(schema) are not opx's (dev.opx.<type>, opx:event/<type>/v<N>)")
        }
        do {
            guard let eventID = try id("id"), let data = object["data"] else { throw fail("no id or data") }
            event = ProposedEvent(id: eventID, type: try EventType(String(type.dropFirst("dev.opx.".count))), schemaVersion: version,
                                  canonicalData: CanonicalJSONWriter.canonicalBytes(data), source: try EventSource(try string("source")),
                                  correlationID: try id("correlationid"), causationID: try id("causationid"),
                                  traceparent: try object["traceparent"]?.stringValue.map { text in try Traceparent(text) })
            stream = try StreamID(try string("opxstream"))
            time = try Timestamp(rfc3339: try string("time"))
        } catch let error as EnvelopeError {
            throw fail("\(error)")
        }
        position = UInt64(try string("opxposition")) ?? 0
        hash = try string("opxhash")
    }
}

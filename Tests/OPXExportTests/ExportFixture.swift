import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXExport
import OPXStorage
import OPXTesting

/// A store holding the projections fixture (8 investigations with their signals, incidents,
/// changes and trace spans), loaded with the fixture's own times, and export helpers.
struct ExportFixture: Sendable {
    let directory: TemporaryDirectory
    let log: EventLog

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OPXProjectionsTests/Fixtures/investigations.ndjson")

    /// A fixed export time, so repeated exports are byte-identical.
    static let exportTime = Timestamp(nanoseconds: 1_800_000_000_000_000_000)

    /// A new store with the fixture's events.
    static func make() async throws -> ExportFixture {
        let directory = TemporaryDirectory(prefix: "opx-export")
        let clock = ImportClock()
        let log = try await EventLog(path: directory.appending("data"), configuration: .readWrite(create: true),
                                     clock: clock.now, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let text = try String(contentsOf: file, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let value = try JSONParser.parse(String(line))
            clock.set(try Timestamp(rfc3339: value["at"]!.stringValue!))
            _ = try await log.append(to: try StreamID(value["stream"]!.stringValue!), events: [
                ProposedEvent(id: EventID(value["id"]!.stringValue!)!, type: try EventType(value["type"]!.stringValue!),
                              data: value["data"]!),
            ])
        }
        return ExportFixture(directory: directory, log: log)
    }

    /// The export of `selection` as bytes.
    func export(_ selection: ExportSelection = ExportSelection(), format: ExportFormat = .jsonLines,
                chunkBytes: Int = 1 << 18, pageSize: Int = 4096) async throws -> [UInt8] {
        var exporter = Exporter(log: log, selection: selection, format: format, opxVersion: "test")
        exporter.clock = { Self.exportTime }
        exporter.chunkBytes = chunkBytes
        exporter.pageSize = pageSize
        var out: [UInt8] = []
        try await exporter.run { out += $0 }
        return out
    }

    /// Every event of the log.
    func allEvents() throws -> [RecordedEvent] { try log.read(limit: 100_000) }
}

/// The event lines of a CloudEvents JSON Lines export, parsed (the summary excluded).
func eventLines(_ bytes: [UInt8]) throws -> [JSONValue] {
    try lines(bytes).map { try JSONParser.parse($0) }.filter { $0["type"]?.stringValue != "dev.opx.export.summary" }
}

/// The lines of `bytes` without their newlines.
func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init).filter { !$0.isEmpty }
}

/// `lines` joined back with newlines, ending with one.
func joined(_ lines: [[UInt8]]) -> [UInt8] {
    lines.flatMap { $0 + [UInt8(ascii: "\n")] }
}

import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXExport
import OPXStorage
import OPXTesting
import Testing

@Suite("Import")
struct ExportImportTests {
    static func openStore(_ directory: TemporaryDirectory, clock: ImportClock) async throws -> EventLog {
        try await EventLog(path: directory.appending("imported"), configuration: .readWrite(create: true), registry: EventRegistry(),
                           clock: clock.now, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    @Test("a whole-log export imported into a new store reproduces every record, verifies, and imports idempotently")
    func wholeLogRoundTrip() async throws {
        let fixture = try await ExportFixture.make()
        for format in [ExportFormat.jsonLines, .batch] {
            let file = fixture.directory.appending("all.\(format.rawValue)")
            try Data(try await fixture.export(format: format)).write(to: URL(fileURLWithPath: file))
            let target = TemporaryDirectory(prefix: "opx-import")
            let clock = ImportClock()
            let log = try await Self.openStore(target, clock: clock)
            let first = try await ExportImporter.run(fileAt: file, into: log, clock: clock)
            let original = try fixture.allEvents()
            #expect(first.events == UInt64(original.count) && first.appended == first.events && first.reproduced == first.events)
            #expect(try log.read(limit: 100_000) == original)
            #expect(try log.verify().isValid)
            let again = try await ExportImporter.run(fileAt: file, into: log, clock: clock)
            #expect(again.duplicates == again.events && again.appended == 0)
            #expect(try log.counts().events == original.count)
            log.close()
        }
    }

    @Test("a file that does not verify is refused before anything is written")
    func refusesDamagedFile() async throws {
        let fixture = try await ExportFixture.make()
        var lines = lines(try await fixture.export())
        lines.remove(at: 5)
        let file = fixture.directory.appending("damaged.ndjson")
        try Data(joined(lines)).write(to: URL(fileURLWithPath: file))
        let target = TemporaryDirectory(prefix: "opx-import")
        let clock = ImportClock()
        let log = try await Self.openStore(target, clock: clock)
        defer { log.close() }
        let error = await #expect(throws: ExportError.self) { try await ExportImporter.run(fileAt: file, into: log, clock: clock) }
        #expect(error?.message.contains("line 6") == true)
        #expect(try log.counts().events == 0)
    }
}

import OPXStorage
import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXIngest
import OPXTesting

/// A validating log in a temporary directory with an ingest service over it.
struct IngestHarness {
    let directory: TemporaryDirectory
    let log: EventLog
    let service: IngestService

    init(rules: DetectionRules = .default, limits: IngestLimits = .default, appendLimits: AppendLimits = .default) async throws {
        directory = TemporaryDirectory()
        log = try await EventLog(path: directory.appending("data"), configuration: .readWrite(create: true), limits: appendLimits,
                                 registry: EventRegistry(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        service = IngestService(log: log, rules: rules, limits: limits,
                                clock: { Timestamp(nanoseconds: 1_790_000_000_000_000_000) })
    }

    /// Ingests `body` through `adapter`.
    func ingest(_ adapter: IngestAdapter, _ body: [UInt8], contentType: String? = "application/json",
                headers: [String: String] = [:]) async throws -> IngestResponse {
        try await service.ingest(IngestRequest(adapter: adapter, body: body, contentType: contentType, headers: headers))
    }

    /// Ingests the fixture at `path` (relative to `Fixtures/`).
    func ingest(_ adapter: IngestAdapter, fixture path: String, contentType: String? = "application/json") async throws -> IngestResponse {
        try await ingest(adapter, Fixtures.bytes(path), contentType: contentType)
    }

    /// Every event in the log, in order.
    func events() throws -> [RecordedEvent] {
        try log.read(limit: 100_000)
    }

    /// The events of `type`, decoded.
    func events<Event: CatalogueEvent>(_ type: Event.Type) throws -> [Event] {
        try events().filter { $0.type == Event.eventType }.map { try Event(jsonPayload: try $0.json) }
    }
}

/// The shared adapter payloads copied into `Tests/OPXIngestTests/Fixtures` (see its SOURCES.md).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    /// The fixture file names in `directory`, sorted.
    static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".json") }.sorted().map { "\(directory)/\($0)" }
    }
}

import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import OPXTesting
import Synchronization

/// One line of a generated NDJSON fixture.
struct FixtureEvent: Sendable {
    let stream: StreamID
    let event: ProposedEvent
    let at: Timestamp
}

/// Reads the NDJSON the fixture generator writes (with "at").
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The committed fixture: 8 investigations with their signals, changes and incidents.
    static let investigations: [FixtureEvent] = try! parse(Data(contentsOf: directory.appendingPathComponent("investigations.ndjson")))

    static func parse(_ data: Data) throws -> [FixtureEvent] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let value = try JSONParser.parse(String(line))
            let id = EventID(value["id"]!.stringValue!)!
            let event = ProposedEvent(id: id, type: try EventType(value["type"]!.stringValue!), data: value["data"]!)
            return FixtureEvent(stream: try StreamID(value["stream"]!.stringValue!), event: event,
                                at: try Timestamp(rfc3339: value["at"]!.stringValue!))
        }
    }

    /// Runs the generator (for property tests over other seeds).
    static func generate(investigations: Int, seed: Int, gapHours: Double = 1) throws -> [FixtureEvent] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.appendingPathComponent("generate_investigations.py").path,
                             "--investigations", "\(investigations)", "--seed", "\(seed)", "--gap-hours", "\(gapHours)", "--with-time"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try parse(data)
    }
}

/// A clock the loader sets before each append.
final class SettableClock: Sendable {
    private let value = Mutex(Timestamp(nanoseconds: 0))
    func set(_ t: Timestamp) { value.withLock { $0 = t } }
    func now() -> Timestamp { value.withLock { $0 } }
}

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// A log in a temporary directory whose appends are stamped with the fixture's times.
struct FixtureLog: Sendable {
    let directory: TemporaryDirectory
    let log: EventLog
    let clock: SettableClock

    var path: String { directory.appending("data") }

    /// An empty log.
    static func empty() async throws -> FixtureLog {
        let directory = TemporaryDirectory(prefix: "opx-proj")
        let clock = SettableClock()
        let log = try await EventLog(path: directory.appending("data"), configuration: .readWrite(create: true),
                                     clock: { clock.now() }, logger: quietLogger)
        return FixtureLog(directory: directory, log: log, clock: clock)
    }

    /// Appends `events` one append each, or runs of one stream together when `grouped` (faster; a
    /// group takes the time of its first event).
    func append(_ events: some Sequence<FixtureEvent>, grouped: Bool = true) async throws {
        var batch: [FixtureEvent] = []
        func flush() async throws {
            guard let first = batch.first else { return }
            clock.set(first.at)
            _ = try await log.append(to: first.stream, events: batch.map(\.event))
            batch.removeAll()
        }
        for e in events {
            if !grouped || (batch.first.map { $0.stream != e.stream } ?? false) || batch.count >= 200 { try await flush() }
            batch.append(e)
        }
        try await flush()
    }

    /// A log holding `events`.
    static func with(_ events: [FixtureEvent], grouped: Bool = true) async throws -> FixtureLog {
        let fixture = try await empty()
        try await fixture.append(events, grouped: grouped)
        return fixture
    }
}

/// In-memory digests of every built-in projection after folding `log` through `until`.
func memoryDigests(_ log: EventLog, until: LogPosition? = nil) throws -> [String: String] {
    var fold = FoldSet(projections: BuiltInProjections.all())
    try fold.fold(log, until: until)
    var out: [String: String] = [:]
    for m in fold.members { out[m.projection.name] = m.rows.digest().description }
    return out
}

/// Digests of the stored built-in projections.
func storedDigests(_ log: EventLog) throws -> [String: String] {
    try ProjectionStore(log: log).digests(BuiltInProjections.all()).mapValues { $0.digest.description }
}

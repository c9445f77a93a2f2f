import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import OPXTesting
import Testing

/// RELIABILITY.md T11, INV-7 and INV-8: every fold is deterministic, and stored projections equal
/// the fold of the log however they were produced (inline, catch-up, resumed, rebuilt).
@Suite struct DeterminismTests {
    @Test func rebuildingTwiceGivesIdenticalDigestsEqualToTheInMemoryFold() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     logger: quietLogger)
        try await runner.catchUp()
        let first = try storedDigests(fixture.log)
        _ = try await runner.rebuild(restart: true)
        let second = try storedDigests(fixture.log)
        #expect(first == second)
        #expect(first == (try memoryDigests(fixture.log)))
        #expect(first.count == BuiltInProjections.names.count)
    }

    /// Golden digests of every projection at fixed positions of the committed fixture. A change to
    /// a fold that alters one must be deliberate: bump that projection's version and regenerate with
    /// `OPX_UPDATE_GOLDEN=1 swift test --filter goldenDigests`.
    @Test func goldenDigestsAtFixedPositions() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let head = try fixture.log.head().position.rawValue
        #expect(head == 549, "the committed fixture changed; regenerate it with the command in generate_investigations.py")
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: 97, logger: quietLogger)
        var actual: [String: [String: String]] = [:]
        for position in Golden.positions {
            try await runner.catchUp(until: LogPosition(position))
            let stored = try storedDigests(fixture.log)
            #expect(stored == (try memoryDigests(fixture.log, until: LogPosition(position))), "at position \(position)")
            actual[String(position)] = stored
        }
        actual["versions"] = Dictionary(uniqueKeysWithValues: BuiltInProjections.all().map { ($0.name, String($0.version)) })
        if ProcessInfo.processInfo.environment["OPX_UPDATE_GOLDEN"] == "1" {
            try Golden.write(actual)
            return
        }
        let golden = try Golden.read()
        for (position, digests) in actual where position != "versions" {
            for (name, digest) in digests {
                #expect(golden[position]?[name] == digest, "projection \(name) at position \(position) changed; if deliberate, bump its version and regenerate (see this test's comment)")
            }
        }
        #expect(golden["versions"] == actual["versions"])
    }

    @Test func inlineProjectionsEqualTheFoldAfterEveryAppend() async throws {
        let fixture = try await FixtureLog.empty()
        _ = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .inline), logger: quietLogger)
        // Single-event appends and grouped appends both go through the inline observer.
        let events = Fixture.investigations
        try await fixture.append(events[..<150], grouped: false)
        try await fixture.append(events[150...], grouped: true)
        let head = try fixture.log.head().position
        for (name, record) in try ProjectionStore(log: fixture.log).digests(BuiltInProjections.all()) {
            #expect(record.position.position == head, "\(name) is not at the head")
        }
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    /// Batches of 1, 7, 64 and 5000 events, with a cache trimmed after every batch or kept whole.
    @Test(arguments: [1, 7, 64, 5000], [1, 5000])
    func batchSizeDoesNotChangeTheResult(_ batchSize: Int, cacheRows: Int) async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: batchSize, cacheRows: cacheRows, logger: quietLogger)
        try await runner.catchUp()
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    /// Batches of several pages (the last page of a batch, or of the log, short), with a cache trimmed
    /// after every batch or kept whole: changes are taken and written once per batch. 549 = 9 × 61: the
    /// last batch then ends on an empty page.
    @Test(arguments: [(batch: 64, page: 7), (batch: 300, page: 1), (batch: 5000, page: 13), (batch: 5000, page: 61)], [1, 5000])
    func pagesPerBatchDoNotChangeTheResult(_ sizes: (batch: Int, page: Int), cacheRows: Int) async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: sizes.batch, pageSize: sizes.page, cacheRows: cacheRows, logger: quietLogger)
        let report = try await runner.catchUp()
        #expect(report.batches == (549 + sizes.batch - 1) / sizes.batch)
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    /// Catch-up interrupted at random points (closing and reopening the store in between, with
    /// appends arriving meanwhile) ends equal to a from-scratch rebuild.
    @Test(arguments: [1, 2, 3])
    func catchUpResumedAtRandomPointsEqualsARebuild(_ seed: UInt64) async throws {
        var rng = SplitMix64(seed: seed)
        let fixture = try await FixtureLog.empty()
        let events = Fixture.investigations
        var appended = 0
        var log = fixture.log
        while true {
            if appended < events.count {
                let n = Int.random(in: 1...120, using: &rng)
                let chunk = events[appended..<min(events.count, appended + n)]
                let reopened = try await reopen(fixture, closing: log)
                log = reopened
                try await FixtureLog(directory: fixture.directory, log: log, clock: fixture.clock).append(chunk)
                appended += chunk.count
            }
            let head = try log.head().position.rawValue
            let mode: ProjectionRunner.Mode = Bool.random(using: &rng) ? .inline : .catchUp
            let runner = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.registrations(mode: mode),
                                                         batchSize: Int.random(in: 1...300, using: &rng),
                                                         pageSize: Int.random(in: 1...100, using: &rng), logger: quietLogger)
            let stop = UInt64.random(in: 0...head, using: &rng)
            try await runner.catchUp(until: LogPosition(stop))
            if appended == events.count && Bool.random(using: &rng) { break }
        }
        let runner = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.registrations(mode: .catchUp), logger: quietLogger)
        try await runner.catchUp()
        let resumed = try storedDigests(log)
        #expect(resumed == (try memoryDigests(log)))
        _ = try await runner.rebuild(restart: true)
        #expect(resumed == (try storedDigests(log)))
        log.close()
    }

    private func reopen(_ fixture: FixtureLog, closing log: EventLog) async throws -> EventLog {
        log.close()
        let clock = fixture.clock
        return try await EventLog(path: fixture.path, configuration: .readWrite(), clock: { clock.now() }, logger: quietLogger)
    }
}

/// The committed golden digests.
enum Golden {
    static let positions: [UInt64] = [1, 120, 333, 549]
    static let url = Fixture.directory.appendingPathComponent("golden-digests.json")

    static func read() throws -> [String: [String: String]] {
        let value = try JSONParser.parse(Array(try Data(contentsOf: url)))
        var out: [String: [String: String]] = [:]
        for (position, digests) in value.objectValue?.members ?? JSONObject().members {
            var inner: [String: String] = [:]
            for (name, digest) in digests.objectValue?.members ?? JSONObject().members { inner[name] = digest.stringValue }
            out[position] = inner
        }
        return out
    }

    static func write(_ digests: [String: [String: String]]) throws {
        let value = JSONValue.object(try JSONObject(digests.map { position, inner in
            (position, JSONValue.object(try! JSONObject(inner.map { ($0.key, JSONValue.string($0.value)) })))
        }))
        var text = "{\n"
        let keys = value.objectValue!.keys.sorted()
        for (i, key) in keys.enumerated() {
            text += "  \"\(key)\": " + String(decoding: CanonicalJSONWriter.canonicalBytes(value[key]!), as: UTF8.self)
            text += i == keys.count - 1 ? "\n" : ",\n"
        }
        text += "}\n"
        try Data(text.utf8).write(to: url)
    }
}

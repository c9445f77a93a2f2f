import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import OPXTesting
import Synchronization
import Testing

/// The runner's lifecycle: version changes, interrupted rebuilds, conflicts, follow mode, check.
@Suite struct RunnerTests {
    @Test func aChangedVersionIsRebuiltAutomaticallyWithALogLine() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let first = try await ProjectionRunner.open(log: fixture.log, projections: [.init(IncidentsProjection(), mode: .catchUp)], logger: quietLogger)
        try await first.catchUp()
        // The next version of the same fold (as after a deliberate change).
        let version = IncidentsProjection().version, next = version + 1
        let messages = MessageLog()
        let bumped = try await ProjectionRunner.open(log: fixture.log, projections: [.init(Versioned(IncidentsProjection(), version: next), mode: .catchUp)],
                                                     logger: messages.logger)
        #expect(messages.lines.contains { $0.contains("rebuilt from position 1") && $0.contains("version \(version) → \(next)") && $0.contains("opx.projection=incidents") })
        let reset = try bumped.storedPositions()["incidents"]
        #expect(reset?.position == .start && reset?.rebuilding == true && reset?.version == next)
        try await bumped.catchUp()
        let done = try bumped.storedPositions()["incidents"]
        #expect(done?.position == (try fixture.log.head().position) && done?.rebuilding == false)
        #expect(try storedDigests(fixture.log)["incidents"] == (try memoryDigests(fixture.log))["incidents"])
    }

    @Test func changingTheRetentionRebuildsTheStatusTableAndPrunesByEventTime() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let ninety = try await ProjectionRunner.open(log: fixture.log, projections: [.init(StatusTableProjection(), mode: .catchUp)], logger: quietLogger)
        try await ninety.catchUp()
        let messages = MessageLog()
        let thirty = StatusTableProjection(retention: .seconds(30 * 86_400))
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: [.init(thirty, mode: .catchUp)], logger: messages.logger)
        #expect(messages.lines.contains { $0.contains("configuration changed") })
        try await runner.catchUp()
        let (all, short) = try ProjectionStore(log: fixture.log).read([thirty]) { r in
            (try r.keys("status", prefix: "session/").count, try r.scan("status", prefix: "session/", as: SessionRow.self).map(\.row))
        }
        let lastEvent = try #require(fixture.log.read(from: .start, direction: .backward, limit: 1).first).recordedAt
        // The fixture spans about 90 days: with 30 days' retention the early sessions are pruned.
        #expect(all < 8 && all > 0)
        let cutoffDay = lastEvent.nanoseconds / 86_400_000_000_000 * 86_400_000_000_000
        #expect(short.allSatisfy { $0.expiresAt.nanoseconds >= cutoffDay - 86_400_000_000_000 })
        var fold = FoldSet(projections: [thirty])
        try fold.fold(fixture.log)
        #expect(try ProjectionStore(log: fixture.log).digests([thirty])["status"]?.digest == fold.members[0].rows.digest())
    }

    @Test func aCatchUpReportsTheTimeOfEveryMember() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: 50, logger: quietLogger)
        let report = try await runner.catchUp()
        #expect(report.batches > 1)
        #expect(Set(report.times.members.keys) == Set(BuiltInProjections.names))
        #expect(report.times.members.values.allSatisfy { $0 >= 0 } && report.times.pageRead >= 0 && report.times.writeWait >= 0)
        // Whatever order the tasks ran in, the rows are the fold of the log.
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    @Test func anInterruptedRebuildResumesWhereItStopped() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: 50, logger: quietLogger)
        try await runner.catchUp()
        let expected = try storedDigests(fixture.log)
        let batches = Atomic<Int>(0)
        let task = Task {
            try await runner.rebuild(restart: true) { _, _ in
                if batches.add(1, ordering: .relaxed).newValue == 3 { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        let halfway = try runner.storedPositions()
        #expect(halfway.values.allSatisfy { $0.rebuilding && $0.position.rawValue == 150 })
        let (_, resumed) = try await runner.rebuild()
        #expect(Set(resumed) == Set(BuiltInProjections.names))
        #expect(try storedDigests(fixture.log) == expected)
        #expect(try runner.storedPositions().values.allSatisfy { !$0.rebuilding })
    }

    @Test func inlineProjectionsBehindTheLogCatchUpAndThenFollowAppends() async throws {
        let fixture = try await FixtureLog.with(Array(Fixture.investigations.prefix(300)))
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .inline),
                                                     batchSize: 64, logger: quietLogger)
        // Appends while behind are left to catch-up; after it, appends keep the projections at the head.
        try await fixture.append(Fixture.investigations[300..<350])
        try await runner.catchUp()
        try await fixture.append(Fixture.investigations[350...])
        let head = try fixture.log.head().position
        #expect(try runner.storedPositions().values.allSatisfy { $0.position == head && !$0.rebuilding })
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    @Test func followModeKeepsCatchUpProjectionsCurrent() async throws {
        let fixture = try await FixtureLog.with(Array(Fixture.investigations.prefix(200)))
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp), logger: quietLogger)
        try await follow(runner, while: { try await fixture.append(Fixture.investigations[200...]) }, log: fixture.log)
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    /// Follow mode at its most fragmented: one-event appends, tiny batches (one write in flight while the next
    /// is folded) and a cache trimmed after every batch.
    @Test(arguments: [1, 7])
    func followModeWithTinyBatchesEqualsTheFold(_ batchSize: Int) async throws {
        let fixture = try await FixtureLog.with(Array(Fixture.investigations.prefix(100)))
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp),
                                                     batchSize: batchSize, cacheRows: 1, logger: quietLogger)
        try await follow(runner, while: { try await fixture.append(Fixture.investigations[100...], grouped: false) }, log: fixture.log)
        #expect(try storedDigests(fixture.log) == (try memoryDigests(fixture.log)))
    }

    /// Runs `runner.follow` while `appends` run, then until every projection reached the head; a follower
    /// that stops on an error fails the test with that error (not with a digest mismatch later).
    private func follow(_ runner: ProjectionRunner, while appends: () async throws -> Void, log: EventLog) async throws {
        let failure = Locked<String?>(nil)
        let follower = Task {
            do { try await runner.follow(pollInterval: .milliseconds(20)) } catch is CancellationError {} catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        try await appends()
        let head = try log.head().position
        // Up to ten minutes: the follower polls every 20 ms, but a loaded machine (the whole suite in parallel) is slow.
        var waits = 0
        while try runner.storedPositions().values.contains(where: { $0.position < head }), waits < 60_000, failure.withLock({ $0 }) == nil {
            try await Task.sleep(for: .milliseconds(10))
            waits += 1
        }
        follower.cancel()
        await follower.value
        try #require(failure.withLock { $0 } == nil, "the follower stopped: \(failure.withLock { $0 } ?? "")")
        let behind = try runner.storedPositions().filter { $0.value.position < head }.map(\.key).sorted()
        try #require(behind.isEmpty, "the follower did not reach the head \(head) in ten minutes: \(behind)")
    }

    @Test func checkFindsATamperedRowAndNamesIt() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .inline), logger: quietLogger)
        try await runner.catchUp()
        var results = try await ProjectionCheck.run(log: fixture.log, projections: BuiltInProjections.all(),
                                                    scratch: fixture.directory.appending("check-1"), logger: quietLogger)
        #expect(results.allSatisfy { $0.matches })
        let db = try fixture.log.environment.database("projection.usage")
        try await fixture.log.environment.write { txn in
            try txn.put(db, key: Array("total".utf8), value: Array(#"{"calls":1,"costUsd":0,"inputTokens":0,"outputTokens":0}"#.utf8))
            try txn.put(db, key: Array("zz/bogus".utf8), value: Array("{}".utf8))
        }
        results = try await ProjectionCheck.run(log: fixture.log, projections: BuiltInProjections.all(),
                                                scratch: fixture.directory.appending("check-2"), logger: quietLogger)
        let usage = try #require(results.first { $0.name == "usage" })
        #expect(!usage.matches)
        #expect(usage.differences.map(\.key) == ["total", "zz/bogus"])
        #expect(usage.differences[1].rebuilt == nil)
        #expect(results.filter { !$0.matches }.count == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.appending("check-2")))
    }

    @Test func aConcurrentWriterOfTheSamePositionIsDetected() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let a = try await ProjectionRunner.open(log: fixture.log, projections: [.init(TracesProjection(), mode: .catchUp)], batchSize: 100, logger: quietLogger)
        try await a.catchUp(until: LogPosition(100))
        // Another runner moves the position under a's feet; a reloads and still ends correct.
        let b = try await ProjectionRunner.open(log: fixture.log, projections: [.init(TracesProjection(), mode: .catchUp)], batchSize: 7, logger: quietLogger)
        async let x: ProjectionRunner.Report = a.catchUp()
        async let y: ProjectionRunner.Report = b.catchUp()
        _ = try await (x, y)
        #expect(try storedDigests(fixture.log)["traces"] == (try memoryDigests(fixture.log))["traces"])
    }

    @Test func unknownProjectionNamesAreRefused() async throws {
        let fixture = try await FixtureLog.empty()
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(), logger: quietLogger)
        await #expect(throws: ProjectionError.self) { try await runner.rebuild(["nope"]) }
        do { _ = try await runner.rebuild(["nope"]) } catch { #expect("\(error)".contains("no projection named \"nope\"; known: checkpoints")) }
        await #expect(throws: ProjectionError.self) {
            try await ProjectionRunner.open(log: fixture.log, projections: [.init(TracesProjection(), mode: .inline), .init(TracesProjection(), mode: .catchUp)], logger: quietLogger)
        }
    }
}

/// A projection with another version number (as after a change to its fold).
struct Versioned<P: Projection>: Projection {
    let base: P
    let version: Int
    init(_ base: P, version: Int) { self.base = base; self.version = version }
    var name: String { base.name }
    var eventTypes: [String] { base.eventTypes }
    var configuration: String { base.configuration }
    func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws { try base.apply(event, to: &rows) }
}

/// Captures log lines.
final class MessageLog: Sendable {
    private let stored = Mutex<[String]>([])
    var lines: [String] { stored.withLock { $0 } }
    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }
    struct Handler: LogHandler {
        let log: MessageLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let meta = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.stored.withLock { $0.append("\(event.level) \(event.message) \(meta)") }
        }
    }
}


import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import OPXTesting
import Testing

/// Time travel: the state at a point equals the fold of the log truncated at that point.
@Suite struct TimeTravelTests {
    /// Property: for random positions P, `investigation(id, at: .position(P))` equals the
    /// investigations and checkpoints projections folded over the log truncated at P (the rows of
    /// that investigation), for every investigation started by P.
    @Test(arguments: [11, 12])
    func inspectingAtPEqualsTheFoldOfTheLogTruncatedAtP(_ seed: UInt64) async throws {
        // Overlapping investigations (gap of 0.05 h) so that streams interleave in the log.
        let events = try Fixture.generate(investigations: 6, seed: Int(seed), gapHours: 0.05)
        let fixture = try await FixtureLog.with(events, grouped: false)
        let travel = TimeTravel(log: fixture.log)
        let head = try fixture.log.head().position.rawValue
        let ids = Set(events.compactMap { $0.stream.rawValue.hasPrefix("investigation-") ? String($0.stream.rawValue.dropFirst(14)) : nil })
        var rng = SplitMix64(seed: seed)
        var compared = 0
        for _ in 0..<25 {
            let p = UInt64.random(in: 1...head, using: &rng)
            var fold = FoldSet(projections: [InvestigationsProjection(), CheckpointsProjection(), IncidentsProjection()])
            try fold.fold(fixture.log, until: LogPosition(p))
            var investigations = fold.members[0].rows, checkpoints = fold.members[1].rows, incidents = fold.members[2].rows
            for id in ids.sorted() {
                let expected = try InvestigationsProjection.summary(id, in: &investigations)
                guard let expected else {
                    #expect(throws: ProjectionError.self) { try travel.investigation(id, at: .position(p)) }
                    continue
                }
                let snapshot = try travel.investigation(id, at: .position(p))
                #expect(snapshot.summary == expected)
                #expect(snapshot.cut == LogPosition(p))
                let details = try investigations.scan(prefix: InvestigationsProjection.detailPrefix(id), as: EventRecordRow.self)
                #expect(snapshot.details.map(\.key) == details.map(\.key))
                #expect(snapshot.details.map(\.row) == details.map(\.row))
                #expect(snapshot.checkpoints == (try checkpoints.scan(prefix: CheckpointsProjection.prefix(id), as: Checkpoint.self).map(\.row)))
                if let incident = expected.incidentId {
                    #expect(snapshot.incident == (try IncidentsProjection.incident(incident, in: &incidents)))
                }
                compared += 1
            }
        }
        #expect(compared > 20)
    }

    /// The state digest a checkpoint records is the one time travel gives at that checkpoint (the
    /// chain hash of the record that completed the step), the summary folded there counts the same
    /// steps, and the stored checkpoints projection holds exactly the checkpoints time travel finds.
    @Test func checkpointDigestsMatchTheStateAtTheCheckpoint() async throws {
        let fixture = try await TimeTravelTests.projectedFixture()
        let travel = TimeTravel(log: fixture.log)
        let summaries = try ProjectionStore(log: fixture.log).read([InvestigationsProjection(), CheckpointsProjection()]) { r in
            try r.withRows("investigations") { try InvestigationsProjection.summaries(in: &$0) }
        }
        #expect(summaries.count == 8)
        for summary in summaries {
            let now = try travel.investigation(summary.id)
            #expect(now.summary == summary)
            let stored = try ProjectionStore(log: fixture.log).read([CheckpointsProjection()]) { r in
                try r.scan("checkpoints", prefix: CheckpointsProjection.prefix(summary.id), as: Checkpoint.self).map(\.row)
            }
            #expect(stored == now.checkpoints)
            #expect(stored.count == Int(summary.steps))
            for checkpoint in stored {
                let then = try travel.investigation(summary.id, at: .checkpoint(String(checkpoint.number)))
                #expect(then.stateDigest == checkpoint.stateDigest)
                #expect(then.summary.steps == checkpoint.number)
                #expect(then.lastPosition == LogPosition(UInt64(checkpoint.position)))
            }
            let last = try #require(stored.last)
            #expect(try travel.investigation(summary.id, at: .checkpoint(last.step)).cut.rawValue == UInt64(last.position))
        }
    }

    /// Stored detail rows hold only their event's position; a query resolves the payload through the
    /// log in its own read transaction and gets exactly the records time travel folds in memory.
    @Test func storedRecordsResolveThroughTheLogToTheEventsPayloads() async throws {
        let fixture = try await TimeTravelTests.projectedFixture()
        let travel = TimeTravel(log: fixture.log)
        var resolved = 0
        for id in try TimeTravelTests.investigationIDs(fixture.log) {
            let stored = try ProjectionStore(log: fixture.log).read([InvestigationsProjection()]) { r in
                let raw = try r.scan("investigations", prefix: InvestigationsProjection.detailPrefix(id), as: EventRecordRow.self)
                #expect(raw.allSatisfy { $0.row.payload == nil })
                return try r.records("investigations", prefix: InvestigationsProjection.detailPrefix(id))
            }
            let now = try travel.investigation(id)
            #expect(stored.map(\.key) == now.details.map(\.key))
            #expect(stored.map(\.row) == now.details.map(\.row))
            for (_, row) in stored {
                let event = try #require(try fixture.log.read(from: LogPosition(UInt64(row.position)), limit: 1).first)
                #expect(row.payload?.bytes == event.data)
                #expect(row.type == event.type.rawValue)
            }
            resolved += stored.count
        }
        #expect(resolved > 20)
    }

    /// A trace's span rows are references too: each resolves to its `trace.span-recorded` event.
    @Test func spanRowsResolveThroughTheLogToTheirSpanEvents() async throws {
        let fixture = try await TimeTravelTests.projectedFixture()
        let spans = try ProjectionStore(log: fixture.log).read([TracesProjection()]) { r in try r.records("traces", prefix: "span/") }
        #expect(spans.count > 20)
        for (key, row) in spans {
            #expect(row.type == "trace.span-recorded")
            let span = try #require(row.payload?.view)
            #expect(key == "span/\(span["traceId"]?.string ?? "")/\(span["spanId"]?.string ?? "")")
        }
    }

    /// A summary is stored without its agents (each agent is a row of its own, so an event rewrites one
    /// small row, not all of them); read back, it is whole again and equals the state time travel folds.
    @Test func summariesAreStoredWithoutTheirAgentsAndReadBackWhole() async throws {
        let fixture = try await TimeTravelTests.projectedFixture()
        let travel = TimeTravel(log: fixture.log)
        for id in try TimeTravelTests.investigationIDs(fixture.log) {
            let (stored, whole, agentRows) = try ProjectionStore(log: fixture.log).read([InvestigationsProjection()]) { r in
                (try r.get("investigations", InvestigationsProjection.summaryKey(id), as: InvestigationSummary.self),
                 try r.withRows("investigations") { try InvestigationsProjection.summary(id, in: &$0) },
                 try r.keys("investigations", prefix: "agent/\(id)/"))
            }
            #expect(stored?.agents.isEmpty == true)
            let now = try travel.investigation(id).summary
            #expect(!now.agents.isEmpty)
            #expect(agentRows == now.agents.keys.sorted().map { "agent/\(id)/\($0)" })
            #expect(whole == now)
        }
    }

    /// The recorded fixture log with every built-in projection caught up.
    private static func projectedFixture() async throws -> FixtureLog {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp), logger: quietLogger)
        try await runner.catchUp()
        return fixture
    }

    private static func investigationIDs(_ log: EventLog) throws -> [String] {
        try ProjectionStore(log: log).read([InvestigationsProjection()]) { r in
            try r.scan("investigations", prefix: "summary/", as: InvestigationSummary.self).map(\.row.id)
        }
    }

    @Test func revisionsAndTimesResolveToTheRightCut() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations, grouped: false)
        let travel = TimeTravel(log: fixture.log)
        let id = try #require(Fixture.investigations.first { $0.stream.rawValue.hasPrefix("investigation-") }).stream.rawValue.dropFirst(14)
        let stream = try StreamID("investigation-\(id)")
        let events = try fixture.log.read(stream: stream, limit: 1000)
        let tenth = events[10]
        let byRevision = try travel.investigation(String(id), at: .revision(10))
        #expect(byRevision.cut == tenth.position && byRevision.lastRevision == 10 && byRevision.eventsIncluded == 11)
        let byTime = try travel.investigation(String(id), at: .time(tenth.recordedAt))
        #expect(byTime.lastPosition == tenth.position)
        let justBefore = try travel.investigation(String(id), at: .time(Timestamp(nanoseconds: tenth.recordedAt.nanoseconds - 1)))
        #expect(justBefore.lastPosition == events[9].position)
        #expect(byTime.summary == byRevision.summary)
        #expect(try travel.investigation(String(id), at: .position(tenth.position.rawValue)).summary == byRevision.summary)
    }

    @Test func badInputGivesClearErrors() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let travel = TimeTravel(log: fixture.log)
        let id = String(try #require(Fixture.investigations.first { $0.stream.rawValue.hasPrefix("investigation-") }).stream.rawValue.dropFirst(14))
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try travel.investigation("no-such-id") }.contains("no investigation no-such-id"))
        #expect(message { _ = try travel.investigation("bad id!") }.contains("not a valid investigation id"))
        #expect(message { _ = try travel.investigation(id, at: .position(10_000)) }.contains("position 10000 is beyond the head of the log (549)"))
        #expect(message { _ = try travel.investigation(id, at: .revision(999)) }.contains("there is no revision 999"))
        #expect(message { _ = try travel.investigation(id, at: .position(1)) }.contains("had not started at position 1"))
        #expect(message { _ = try travel.investigation(id, at: .checkpoint("warp")) }.contains("has no checkpoint \"warp\"; its checkpoints: 1 start"))
        #expect(message { _ = try travel.investigation(id, at: .time(try Timestamp(rfc3339: "2020-01-01T00:00:00Z"))) }.contains("had not started"))
        #expect(message { _ = try TimeTravelPoint.parse("2026-13-45T99:00:00Z") }.contains("is not an RFC 3339 time"))
        #expect(message { _ = try TimeTravelPoint.parse("time:soon") }.contains("is not an RFC 3339 time"))
        #expect(message { _ = try TimeTravelPoint.parse("rev:x") }.contains("must be a non-negative integer"))
        #expect(message { _ = try TimeTravelPoint.parse("later") }.contains("is not a point in time"))
        #expect(try TimeTravelPoint.parse("42") == .position(42))
        #expect(try TimeTravelPoint.parse("rev:3") == .revision(3))
        #expect(try TimeTravelPoint.parse("@consensus") == .checkpoint("consensus"))
        #expect(try TimeTravelPoint.parse("2026-01-05T08:00:00Z") == .time(try Timestamp(rfc3339: "2026-01-05T08:00:00Z")))
        #expect(message { _ = try travel.incident("nope") }.contains("no incident nope"))
    }

    @Test func diffShowsWhatChangedBetweenTwoCheckpoints() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let travel = TimeTravel(log: fixture.log)
        let id = String(try #require(Fixture.investigations.first { $0.stream.rawValue.hasPrefix("investigation-") }).stream.rawValue.dropFirst(14))
        let a = try travel.investigation(id, at: .checkpoint("1")), b = try travel.investigation(id, at: .checkpoint("2"))
        let diff = StateDiff(from: a.document, to: b.document, ignoring: ["asOf"])
        let paths = Set(diff.changes.map(\.path))
        #expect(paths.contains("/state/agents/signal-intelligence/status"))
        #expect(paths.contains("/checkpoints/1"))
        #expect(paths.contains { $0.hasPrefix("/outputs/signal-intelligence") })
        #expect(StateDiff(from: a.document, to: a.document, ignoring: ["asOf"]).changes.isEmpty)
    }
}

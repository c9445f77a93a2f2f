import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

@Suite struct AppendTests {
    @Test func appendsGetContiguousPositionsAndRevisions() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let a = TestEvents.stream("incident-1"), b = TestEvents.stream("incident-2")
        let r1 = try await store.log.append(to: a, expected: .noStream, events: [TestEvents.event(value: 1), TestEvents.event(value: 2)])
        let r2 = try await store.log.append(to: b, expected: .noStream, events: [TestEvents.event(value: 3)])
        let r3 = try await store.log.append(to: a, expected: .revision(1), events: [TestEvents.event(value: 4)])
        #expect((r1.firstPosition, r1.lastPosition, r1.nextExpectedRevision) == (1, 2, 1))
        #expect((r2.firstPosition, r2.lastPosition, r2.nextExpectedRevision) == (3, 3, 0))
        #expect((r3.firstPosition, r3.lastPosition, r3.nextExpectedRevision) == (4, 4, 2))
        let stream = try store.log.read(stream: a, limit: 10)
        #expect(stream.map(\.revision) == [0, 1, 2])
        #expect(stream.map(\.position.rawValue) == [1, 2, 4])
        #expect(try store.log.head().hash.description == r3.headHash)
    }

    @Test func aRetriedBatchReturnsTheOriginalPositionsAndAppendsNothing() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let s = TestEvents.stream("signals-test")
        let batch = [TestEvents.event(value: 1), TestEvents.event(value: 2), TestEvents.event(value: 3)]
        let first = try await store.log.append(to: s, expected: .noStream, events: batch)
        _ = try await store.log.append(to: s, events: [TestEvents.event(value: 9)])
        let retry = try await store.log.append(to: s, expected: .noStream, events: batch)
        #expect(retry.duplicate)
        #expect((retry.firstPosition, retry.lastPosition, retry.headHash) == (first.firstPosition, first.lastPosition, first.headHash))
        #expect(try store.log.counts().events == 4)
    }

    @Test func reusingAnIdForADifferentBodyIsAConflict() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let s = TestEvents.stream("signals-test")
        let id = EventID.random()
        _ = try await store.log.append(to: s, events: [TestEvents.event(value: 1, id: id)])
        await #expect {
            try await store.log.append(to: s, events: [TestEvents.event(value: 2, id: id)])
        } throws: { error in
            guard let error = error as? EventLogError, case .idConflict(let conflicting, let position) = error.code else { return false }
            return conflicting == id && position == LogPosition(1) && error.message.contains("different")
        }
        #expect(try store.log.counts().events == 1)
    }

    @Test func aBatchMixingKnownAndNewIdsIsAConflictAndWritesNothing() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let s = TestEvents.stream("signals-test")
        let known = TestEvents.event(value: 1)
        _ = try await store.log.append(to: s, events: [known])
        await #expect {
            try await store.log.append(to: s, events: [TestEvents.event(value: 5), known])
        } throws: { error in
            guard let error = error as? EventLogError, case .idConflict(let conflicting, let position) = error.code else { return false }
            return conflicting == known.id && position == LogPosition(1) && error.message.contains("retried whole")
        }
        await #expect(throws: EventLogError.self) {
            try await store.log.append(to: s, events: [known, TestEvents.event(value: 5)])
        }
        #expect(try store.log.counts().events == 1)
    }

    @Test func aConflictingBatchFailsAloneWhileTheAppendsSharingItsCommitLand() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let known = TestEvents.event(value: 1)
        _ = try await store.log.append(to: TestEvents.stream("signals-known"), events: [known])
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<32 {
                group.addTask {
                    let stream = TestEvents.stream("signals-\(i)")
                    let batch = i == 16 ? [TestEvents.event(value: 100), known] : [TestEvents.event(value: i), TestEvents.event(value: i)]
                    do { _ = try await store.log.append(to: stream, events: batch); return true } catch is EventLogError { return false }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { !$0 }.count == 1)
        #expect(try store.log.counts().events == 1 + 31 * 2)
        #expect(try store.log.verify().isValid)
    }

    @Test func aWrongExpectedRevisionNamesExpectedAndActual() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let s = TestEvents.stream("incident-9")
        _ = try await store.log.append(to: s, expected: .noStream, events: [TestEvents.event(), TestEvents.event()])
        await #expect {
            try await store.log.append(to: s, expected: .revision(0), events: [TestEvents.event()])
        } throws: { error in
            guard let error = error as? EventLogError,
                  case .wrongExpectedRevision(_, .revision(0), 1) = error.code else { return false }
            return error.message.contains("expected revision 0") && error.message.contains("at revision 1")
        }
        await #expect(throws: EventLogError.self) {
            try await store.log.append(to: s, expected: .noStream, events: [TestEvents.event()])
        }
        await #expect(throws: EventLogError.self) {
            try await store.log.append(to: TestEvents.stream("incident-new"), expected: .exists, events: [TestEvents.event()])
        }
        #expect(try store.log.counts().events == 2)
    }

    @Test(arguments: [
        ("events", 3, 10, 100),
        ("batch bytes", 10, 150, 100),
        ("event bytes", 10, 10_000, 60),
    ])
    func limitsAreCheckedBeforeAnyWrite(_ what: String, maxEvents: Int, maxBatch: Int, maxEvent: Int) async throws {
        var limits = AppendLimits()
        limits.maxEventsPerBatch = maxEvents
        limits.maxBatchBytes = maxBatch
        limits.maxEventBytes = maxEvent
        let store = try await TemporaryEventLog(limits: limits)
        defer { store.log.close() }
        let batch = (0..<4).map { TestEvents.event(value: $0, payloadBytes: 50) }
        await #expect {
            try await store.log.append(to: TestEvents.stream("s"), events: batch)
        } throws: { error in
            guard let error = error as? EventLogError, case .limitExceeded = error.code else { return false }
            return error.message.contains("limit")
        }
        #expect(try store.log.counts().events == 0)
    }

    @Test func emptyBatchesAndRepeatedIdsInABatchAreRefused() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        await #expect(throws: EventLogError.self) { try await store.log.append(to: TestEvents.stream("s"), events: []) }
        let event = TestEvents.event()
        await #expect(throws: EventLogError.self) { try await store.log.append(to: TestEvents.stream("s"), events: [event, event]) }
        #expect(try store.log.counts().events == 0)
    }

    @Test func recordedTimesNeverGoBackwards() async throws {
        let clock = TestClock()
        let store = try await TemporaryEventLog(clock: clock)
        defer { store.log.close() }
        _ = try await store.log.append(to: TestEvents.stream("s"), events: [TestEvents.event()])
        clock.advance(seconds: -60)
        _ = try await store.log.append(to: TestEvents.stream("s"), events: [TestEvents.event()])
        let events = try store.log.read(limit: 10)
        #expect(events[1].recordedAt >= events[0].recordedAt)
        #expect(events[0].recordedAt == clock.now().advanced(seconds: 60))
    }

    @Test func concurrentAppendersAllLandExactlyOnce() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for i in 0..<200 {
                group.addTask { try await store.log.append(to: TestEvents.stream("s-\(i % 7)"), events: [TestEvents.event(value: i)]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.firstPosition)) == Set(1...200))
        #expect(try store.log.verify().isValid)
        #expect(store.log.environment.writerStatistics.snapshot.commits < 200)
    }
}

extension Timestamp {
    func advanced(seconds: Double) -> Timestamp { Timestamp(nanoseconds: nanoseconds + Int64(seconds * 1e9)) }
}

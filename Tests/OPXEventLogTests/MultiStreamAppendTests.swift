import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

/// `EventLog.append(_:)`: several streams in one atomic, durable transaction.
@Suite struct MultiStreamAppendTests {
    private let signals = TestEvents.stream("signals-test"), incident = TestEvents.stream("incident-1")

    @Test func batchesLandAtContiguousPositionsWithEachStreamsRevisions() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        _ = try await store.log.append(to: signals, events: [TestEvents.event(value: 0)])
        let results = try await store.log.append([
            StreamAppend(stream: signals, expected: .revision(0), events: [TestEvents.event(value: 1), TestEvents.event(value: 2)]),
            StreamAppend(stream: incident, expected: .noStream, events: [TestEvents.event(value: 3)]),
            StreamAppend(stream: signals, expected: .revision(2), events: [TestEvents.event(value: 4)]),
        ])
        #expect(results.map { [$0.firstPosition, $0.lastPosition, $0.nextExpectedRevision] } == [[2, 3, 2], [4, 4, 0], [5, 5, 3]])
        #expect(try store.log.read(stream: signals, limit: 10).map(\.position.rawValue) == [1, 2, 3, 5])
        #expect(try store.log.head().hash.description == results[2].headHash)
        #expect(try store.log.verify().isValid)
    }

    @Test func aFailingBatchLeavesEveryStreamUntouched() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        _ = try await store.log.append(to: incident, events: [TestEvents.event(value: 0)])
        // The second batch's expected revision is wrong: the first batch, already written in the transaction, is rolled back.
        await #expect {
            _ = try await store.log.append([
                StreamAppend(stream: signals, expected: .noStream, events: [TestEvents.event(value: 1)]),
                StreamAppend(stream: incident, expected: .noStream, events: [TestEvents.event(value: 2)]),
            ])
        } throws: { error in
            guard let error = error as? EventLogError, case .wrongExpectedRevision(let stream, _, let actual) = error.code else { return false }
            return stream == incident && actual == 0
        }
        #expect(try store.log.head(of: signals) == nil)
        #expect(try store.log.counts().events == 1)
        #expect(try store.log.verify().isValid)
    }

    @Test func aRetriedCallReturnsTheOriginalResultsAndAPartialRetryIsAConflict() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let call = [StreamAppend(stream: signals, events: [TestEvents.event(value: 1)]),
                    StreamAppend(stream: incident, events: [TestEvents.event(value: 2), TestEvents.event(value: 3)])]
        let first = try await store.log.append(call)
        let retry = try await store.log.append(call)
        #expect(retry.allSatisfy { $0.duplicate })
        #expect(retry.map(\.firstPosition) == first.map(\.firstPosition))
        #expect(retry.map(\.headHash) == first.map(\.headHash))
        await #expect {
            _ = try await store.log.append([call[1], StreamAppend(stream: signals, events: [TestEvents.event(value: 9)])])
        } throws: { error in
            guard let error = error as? EventLogError, case .idConflict = error.code else { return false }
            return error.message.contains("retried whole")
        }
        #expect(try store.log.counts().events == 3)
    }

    @Test func limitsCoverAllBatchesTogetherAndEmptyBatchesAreRefused() async throws {
        var limits = AppendLimits()
        limits.maxEventsPerBatch = 2
        let store = try await TemporaryEventLog(limits: limits)
        defer { store.log.close() }
        await #expect(throws: EventLogError.self) {
            _ = try await store.log.append([StreamAppend(stream: signals, events: [TestEvents.event(value: 1), TestEvents.event(value: 2)]),
                                            StreamAppend(stream: incident, events: [TestEvents.event(value: 3)])])
        }
        await #expect(throws: EventLogError.self) {
            _ = try await store.log.append([StreamAppend(stream: signals, events: [TestEvents.event(value: 1)]),
                                            StreamAppend(stream: incident, events: [])])
        }
        #expect(try store.log.counts().events == 0)
    }
}

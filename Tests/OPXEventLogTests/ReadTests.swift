import OPXEventLog
import OPXEvents
import OPXTesting
import Testing

@Suite struct ReadTests {
    private func filled() async throws -> TemporaryEventLog {
        let store = try await TemporaryEventLog()
        for i in 0..<10 {
            _ = try await store.log.append(to: TestEvents.stream("s-\(i % 3)"), events: [TestEvents.event(value: i)])
        }
        return store
    }

    @Test func readsTheWholeLogForwardAndBackwardWithLimits() async throws {
        let store = try await filled()
        defer { store.log.close() }
        #expect(try store.log.read(from: LogPosition(4), limit: 3).map(\.position.rawValue) == [4, 5, 6])
        #expect(try store.log.read(direction: .backward, limit: 0).isEmpty)
        #expect(try store.log.read(from: .start, direction: .backward, limit: 3).map(\.position.rawValue) == [10, 9, 8])
        #expect(try store.log.read(from: LogPosition(5), direction: .backward, limit: 10).map(\.position.rawValue) == [5, 4, 3, 2, 1])
        #expect(try store.log.read(from: LogPosition(11), limit: 5).isEmpty)
    }

    @Test func readsOneStreamFromARevision() async throws {
        let store = try await filled()
        defer { store.log.close() }
        let s1 = TestEvents.stream("s-1")
        #expect(try store.log.read(stream: s1, limit: 10).map(\.position.rawValue) == [2, 5, 8])
        #expect(try store.log.read(stream: s1, from: 1, limit: 1).map(\.position.rawValue) == [5])
        #expect(try store.log.read(stream: TestEvents.stream("s"), limit: 10).isEmpty)   // a prefix of s-1 is not s-1
        #expect(try store.log.head(of: s1) == StreamHead(stream: s1, revision: 2, position: LogPosition(8)))
        #expect(try store.log.streamHeads(prefix: "s-", limit: 10).map(\.stream.rawValue) == ["s-0", "s-1", "s-2"])
    }

    @Test func findsAnEventById() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let event = TestEvents.event(value: 5)
        _ = try await store.log.append(to: TestEvents.stream("s"), events: [TestEvents.event(), event])
        #expect(try store.log.event(id: event.id)?.position == LogPosition(2))
        #expect(try store.log.event(id: .random()) == nil)
    }

    @Test func subscriptionCatchesUpThenDeliversNewCommits() async throws {
        let store = try await filled()
        defer { store.log.close() }
        let log = store.log
        let reader = Task {
            var positions: [UInt64] = []
            for try await event in log.subscribe(from: LogPosition(8), pageSize: 2) {
                positions.append(event.position.rawValue)
                if positions.count == 6 { break }
            }
            return positions
        }
        try await Task.sleep(for: .milliseconds(50))
        for i in 0..<3 {
            _ = try await log.append(to: TestEvents.stream("live"), events: [TestEvents.event(value: i)])
        }
        #expect(try await reader.value == [8, 9, 10, 11, 12, 13])
    }

    @Test func aCancelledSubscriptionStops() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let log = store.log
        let reader = Task {
            for try await _ in log.subscribe() {}
        }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
    }
}

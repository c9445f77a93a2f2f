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

    @Test func aLongStreamIsReadFromAnyRevisionAcrossIndexPages() async throws {
        // 1,300 events outgrow the packed sub-page (about 250 positions) and fill several index pages (510 each).
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let long = TestEvents.stream("long"), other = TestEvents.stream("other")
        for start in stride(from: 0, to: 1_300, by: 100) {
            _ = try await store.log.append(to: long, events: (start..<start + 100).map { TestEvents.event(value: $0, payloadBytes: 10) })
            _ = try await store.log.append(to: other, events: [TestEvents.event(value: start, payloadBytes: 10)])
        }
        // Positions: each run of 100 events of `long` is followed by one of `other`.
        func position(ofRevision revision: Int) -> UInt64 { UInt64(revision + revision / 100 + 1) }
        for revision in [0, 1, 249, 250, 509, 510, 511, 1_019, 1_020, 1_299] {
            let events = try store.log.read(stream: long, from: UInt64(revision), limit: 3)
            #expect(events.map(\.revision) == Array(UInt64(revision)..<UInt64(min(revision + 3, 1_300))))
            #expect(events.first?.position.rawValue == position(ofRevision: revision))
        }
        #expect(try store.log.read(stream: long, from: 1_300, limit: 3).isEmpty)
        #expect(try store.log.read(stream: long, limit: 2_000).map(\.revision) == Array(0..<1_300))
        let head = try #require(try store.log.head(of: long))
        #expect(head.revision == 1_299 && head.position.rawValue == position(ofRevision: 1_299))
        #expect(try store.log.head(of: other)?.revision == 12)
        #expect(try store.log.streamHeads(limit: 10).map(\.stream) == [long, other])
        #expect(try store.log.verify().isValid)
    }

    @Test func findsAnEventById() async throws {
        let store = try await TemporaryEventLog()
        defer { store.log.close() }
        let event = TestEvents.event(value: 5)
        _ = try await store.log.append(to: TestEvents.stream("s"), events: [TestEvents.event(), event])
        #expect(try store.log.event(id: event.id)?.position == LogPosition(2))
        #expect(try store.log.event(id: .random()) == nil)
        #expect(try store.log.position(of: event.id) == LogPosition(2))
        #expect(try store.log.position(of: .random()) == nil)
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

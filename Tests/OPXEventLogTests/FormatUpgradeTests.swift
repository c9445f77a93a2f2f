import Logging
import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

/// A store in the previous format (`opx-log/2`: `streams` with revision ‖ position values, `event-ids`) is
/// upgraded in place by the first writer that opens it.
@Suite struct FormatUpgradeTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A store whose records were appended by this opx, with its index rewritten in the `opx-log/2` layout.
    private func previousFormatStore() async throws -> (store: TemporaryEventLog, events: [RecordedEvent]) {
        let store = try await TemporaryEventLog()
        for i in 0..<400 {
            _ = try await store.log.append(to: TestEvents.stream(i % 3 == 0 ? "long" : "s-\(i % 7)"), events: [TestEvents.event(value: i, payloadBytes: 10)])
        }
        let events = try store.log.read(from: LogPosition(1), limit: 1_000)
        store.log.close()
        try await PreviousFormatStore.convert(path: store.path, events: events)
        return (store, events)
    }

    @Test func aWriterUpgradesAPreviousFormatStoreInPlace() async throws {
        let (store, events) = try await previousFormatStore()
        let log = try await EventLog(path: store.path, configuration: .readWrite(), logger: logger)
        #expect(try log.verify().isValid)
        #expect(try log.read(stream: TestEvents.stream("long"), limit: 1_000).map(\.position) == events.filter { $0.stream.rawValue == "long" }.map(\.position))
        #expect(try log.event(id: events[123].id)?.position == events[123].position)
        #expect(try log.head(of: TestEvents.stream("long"))?.revision == 133)
        let next = try await log.append(to: TestEvents.stream("long"), expected: .revision(133), events: [TestEvents.event(value: 1)])
        #expect(next.firstPosition == 401 && next.nextExpectedRevision == 134)
        log.close()
        // The old databases are gone, and the store opens as the current format.
        let env = try LMDBEnvironment(path: store.path, configuration: .readOnly, logger: logger)
        #expect(throws: StorageError.self) { _ = try env.database("event-ids") }
        #expect(throws: StorageError.self) { _ = try env.database("streams") }
        env.close()
        let reader = try await EventLog(path: store.path, configuration: .readOnly, logger: logger)
        #expect(try reader.verify().isValid)
        reader.close()
    }

    @Test func aReaderOfAPreviousFormatStoreIsToldHowToUpgradeIt() async throws {
        let (store, _) = try await previousFormatStore()
        await #expect {
            _ = try await EventLog(path: store.path, configuration: .readOnly, logger: logger)
        } throws: { error in
            guard let error = error as? EventLogError, case .unsupportedFormat = error.code else { return false }
            return error.message.contains("opx-log/2") && error.message.contains("opx rebuild")
        }
    }
}

import Logging
import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

/// Damage a closed store through raw LMDB writes, then check `verify` names the right position.
@Suite struct VerifyTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private func store(events: Int) async throws -> TemporaryEventLog {
        let store = try await TemporaryEventLog()
        for i in 0..<events {
            _ = try await store.log.append(to: TestEvents.stream("s-\(i % 4)"), events: [TestEvents.event(value: i, payloadBytes: 20)])
        }
        store.log.close()
        return store
    }

    private func damage(_ store: TemporaryEventLog, _ body: @escaping @Sendable (borrowing WriteTransaction, Database) throws -> Void) async throws {
        let env = try LMDBEnvironment(path: store.path, configuration: .readWrite(), logger: logger)
        defer { env.close() }
        let events = try env.database("events")
        try await env.write { txn in try body(txn, events) }
    }

    private func verify(_ store: TemporaryEventLog) async throws -> VerificationReport {
        let log = try await EventLog(path: store.path, configuration: .readOnly, logger: logger)
        defer { log.close() }
        return try log.verify()
    }

    @Test func aHealthyLogVerifies() async throws {
        let store = try await store(events: 50)
        let report = try await verify(store)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.events == 50)
        #expect(report.streams == 4)
    }

    @Test func aFlippedPayloadByteIsReportedAtItsPosition() async throws {
        let store = try await store(events: 30)
        try await damage(store) { txn, events in
            let key = KeyLayout.position(17)
            var record = Array(try txn.get(events, key: key)!)
            record[record.count - 5] ^= 0x01
            try txn.put(events, key: key, value: record)
        }
        let report = try await verify(store)
        #expect(report.problems.first?.position == 17)
        #expect(report.problems.first?.message.contains("does not match its hash") == true)
    }

    @Test func aDeletedRecordIsReportedAtItsPosition() async throws {
        let store = try await store(events: 30)
        try await damage(store) { txn, events in
            try txn.delete(events, key: KeyLayout.position(12))
        }
        let report = try await verify(store)
        #expect(report.problems.first?.position == 12)
        #expect(report.problems.first?.message.contains("missing") == true)
    }

    @Test func swappedRecordsAreReported() async throws {
        let store = try await store(events: 30)
        try await damage(store) { txn, events in
            let a = Array(try txn.get(events, key: KeyLayout.position(5))!)
            let b = Array(try txn.get(events, key: KeyLayout.position(6))!)
            try txn.put(events, key: KeyLayout.position(5), value: b)
            try txn.put(events, key: KeyLayout.position(6), value: a)
        }
        let report = try await verify(store)
        #expect(report.problems.first?.position == 5)
    }

    @Test func aMissingIndexEntryIsReportedAtTheRecordItBelongsTo() async throws {
        let store = try await store(events: 30)
        let env = try LMDBEnvironment(path: store.path, configuration: .readWrite(), logger: logger)
        let index = try env.database("index", flags: [.duplicateSort, .duplicateFixed])
        try await env.write { txn in
            let firstID = try txn.withCursor(index) { cursor in Array(try cursor.first()!.key) }
            try txn.delete(index, key: firstID)
            // s-1's revision 2 (position 10) moves to a position that does not exist.
            let stream = KeyLayout.streamKey(TestEvents.stream("s-1"))
            try txn.delete(index, key: stream, value: KeyLayout.position(10))
            try txn.put(index, key: stream, value: KeyLayout.position(99))
        }
        env.close()
        let report = try await verify(store)
        #expect(report.problems.contains { $0.message.contains("event-id index") && $0.position != nil })
        #expect(report.problems.contains { $0.position == 10 && $0.message.contains("stream index for s-1 has no entry for this record (revision 2)") })
        #expect(report.problems.contains { $0.position == nil && $0.message.contains("points at 99, which is missing") })
    }

    @Test func aTruncatedTailIsCaughtByTheHeadSidecar() async throws {
        let store = try await store(events: 30)
        try await damage(store) { txn, events in
            for position in 26...30 { try txn.delete(events, key: KeyLayout.position(UInt64(position))) }
        }
        let report = try await verify(store)
        #expect(report.problems.contains { $0.position == 26 && $0.message.contains("head sidecar") })
        // A writer refuses to open a log that lost acknowledged events.
        await #expect {
            _ = try await EventLog(path: store.path, configuration: .readWrite(), logger: logger)
        } throws: { error in
            guard let error = error as? EventLogError, case .truncated(LogPosition(25), LogPosition(30)) = error.code else { return false }
            return error.message.contains("move")
        }
    }
}

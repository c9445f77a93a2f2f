import Logging
import OPXStorage
import OPXTesting
import Testing

@Suite struct LMDBEnvironmentTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private func open(_ dir: TemporaryDirectory) throws -> LMDBEnvironment {
        try LMDBEnvironment(path: dir.appending("db"), configuration: .readWrite(create: true), logger: logger)
    }

    @Test func refusesASecondEnvironmentOnTheSameDirectoryInOneProcess() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        #expect {
            _ = try LMDBEnvironment(path: dir.appending("db"), configuration: .readOnly, logger: logger)
        } throws: { error in
            (error as? StorageError)?.code == .alreadyOpen && "\(error)".contains("already open in this process")
        }
        env.close()
        let reopened = try LMDBEnvironment(path: dir.appending("db"), configuration: .readOnly, logger: logger)
        reopened.close()
    }

    @Test func missingStoreSaysToRunInit() throws {
        let dir = TemporaryDirectory()
        #expect {
            _ = try LMDBEnvironment(path: dir.appending("nothing"), configuration: .readOnly, logger: logger)
        } throws: { error in
            "\(error)".contains("opx init")
        }
    }

    @Test func writesAreVisibleToReadsAfterTheyReturn() async throws {
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        try await env.write { txn in try txn.put(db, key: [1], value: [42]) }
        let value = try env.read { txn in try txn.get(db, key: [1]).map { Array($0) } }
        #expect(value == [42])
    }

    @Test func concurrentWritesShareCommits() async throws {
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<256 {
                group.addTask {
                    try await env.write { txn in try txn.put(db, key: [UInt8(i >> 8), UInt8(i & 0xFF)], value: [UInt8(i & 0xFF)]) }
                }
            }
            try await group.waitForAll()
        }
        let stats = env.writerStatistics.snapshot
        #expect(stats.jobs == 256)
        #expect(stats.commits < 256)
        #expect(try env.read { txn in try txn.count(db) } == 256)
    }

    @Test func everyCommittedJobAndGroupIsTimed() async throws {
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<64 {
                group.addTask { try await env.write(weight: 100) { txn in try txn.put(db, key: [UInt8(i)], value: [1]) } }
            }
            try await group.waitForAll()
        }
        let stats = env.writerStatistics.snapshot
        for jobs in [stats.jobQueue, stats.jobCommit, stats.jobResume] { #expect(jobs.count == 64) }
        for commits in [stats.transaction, stats.sync, stats.groupJobs, stats.groupBytes] { #expect(commits.count == stats.commits) }
        #expect(stats.groupJobs.sum == 64)
        #expect(stats.groupBytes.sum == 6_400)
        #expect(stats.sync.sum <= stats.transaction.sum)
    }

    @Test func queuedWritesRunInQueueOrderAndSeeAnEarlierOneFail() async throws {
        struct Refused: Error {}
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        // Each write reads the counter and stores it plus one: queue order is the order the writes see.
        let counted = try (0..<50).map { _ in
            try env.enqueueWrite { txn -> Int in
                let seen = try txn.get(db, key: [0]).map { Int($0.first!) } ?? 0
                try txn.put(db, key: [0], value: [UInt8(seen + 1)])
                return seen
            }
        }
        let refused = try env.enqueueWrite { _ -> Int in throw Refused() }
        let behind = try env.enqueueWrite { _ in refused.failed }
        var seen: [Int] = []
        for write in counted { seen.append(try await write.value) }
        #expect(seen == Array(0..<50))
        await #expect(throws: Refused.self) { try await refused.value }
        #expect(try await behind.value)
    }

    @Test func aJobThatFailsBeforeWritingLeavesItsGroupIntact() async throws {
        struct Refused: Error {}
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        async let ok1: Void = env.write { txn in try txn.put(db, key: [1], value: [1]) }
        let bad = Task { try await env.write { _ in throw Refused() } }
        async let ok2: Void = env.write { txn in try txn.put(db, key: [2], value: [2]) }
        try await ok1
        try await ok2
        await #expect(throws: Refused.self) { try await bad.value }
        #expect(try env.read { txn in try txn.count(db) } == 2)
    }

    @Test func aJobThatFailsAfterWritingIsRolledBackAlone() async throws {
        struct HalfDone: Error {}
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<20 {
                group.addTask {
                    do {
                        try await env.write { txn in
                            try txn.put(db, key: [UInt8(i)], value: [1])
                            if i % 5 == 0 { throw HalfDone() }
                        }
                        return true
                    } catch is HalfDone {
                        return false
                    }
                }
            }
            var succeeded = 0
            for try await ok in group where ok { succeeded += 1 }
            #expect(succeeded == 16)
        }
        let keys = try env.read { txn in
            try txn.withCursor(db) { cursor in
                var keys: [UInt8] = []
                var entry = try cursor.first()
                while let (key, _) = entry {
                    keys.append(key[0])
                    entry = try cursor.next()
                }
                return keys
            }
        }
        #expect(keys == (0..<20).filter { $0 % 5 != 0 }.map(UInt8.init))
    }

    @Test func theMapGrowsWhenFullAndNothingIsLost() async throws {
        let store = try ScratchStore { $0.initialMapSize = 256 << 10 }
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        let initial = env.info.mapSize
        let value = [UInt8](repeating: 7, count: 4000)
        for i in 0..<400 {
            let key = withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) }
            try await env.write { txn in try txn.put(db, key: key, value: value) }
        }
        #expect(env.info.mapSize > initial)
        #expect(try env.read { txn in try txn.count(db) } == 400)
    }

    @Test func mapFullBeyondTheMaximumIsAClearError() async throws {
        let store = try ScratchStore {
            $0.initialMapSize = 128 << 10
            $0.maximumMapSize = 256 << 10
        }
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        let value = [UInt8](repeating: 7, count: 4000)
        await #expect {
            for i in 0..<1000 {
                let key = withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) }
                try await env.write { txn in try txn.put(db, key: key, value: value) }
            }
        } throws: { error in
            (error as? StorageError)?.isMapFull == true && "\(error)".contains("mapsize")
        }
        // Everything acknowledged before the failure is still there, and reads keep working.
        #expect(try env.read { txn in try txn.count(db) } > 0)
    }

    @Test func reportsInfoAndVersion() throws {
        let store = try ScratchStore { $0.maxReaders = 200 }
        defer { store.close() }
        let info = store.env.info
        #expect(info.maxReaders == 200)
        #expect(info.lmdbVersion.hasPrefix("LMDB 0.9"))
        #expect(info.mapSize == 1 << 30)
    }

    @Test func writesAfterCloseAreRefused() async throws {
        let store = try ScratchStore()
        let (env, db) = (store.env, store.db)
        env.close()
        await #expect(throws: StorageError.self) {
            try await env.write { txn in try txn.put(db, key: [1], value: [1]) }
        }
    }
}

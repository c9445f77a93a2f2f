import Logging
import OPXStorage
import OPXTesting
import Testing

/// Many tasks writing and reading at once (run under `swift test --sanitize=thread` too).
@Suite struct ConcurrencyStressTests {
    @Test func concurrentWritersAndReadersStayConsistent() async throws {
        let dir = TemporaryDirectory()
        var configuration = LMDBEnvironment.Configuration.readWrite(create: true)
        configuration.initialMapSize = 1 << 20   // forces map growth under concurrent readers
        let env = try LMDBEnvironment(path: dir.appending("db"), configuration: configuration,
                                      logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { env.close() }
        let db = try env.database("counter")
        let key: [UInt8] = [0]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<50 {
                        try await env.write { txn in
                            let current = try txn.get(db, key: key).map { $0.loadUnaligned(as: UInt64.self) } ?? 0
                            try txn.put(db, key: key, value: withUnsafeBytes(of: current + 1) { Array($0) })
                            let filler = [UInt8](repeating: 1, count: 1000)
                            try txn.put(db, key: withUnsafeBytes(of: (current + 1).bigEndian) { [1] + Array($0) }, value: filler)
                        }
                    }
                }
                group.addTask {
                    var last: UInt64 = 0
                    for _ in 0..<200 {
                        let now = try env.read { txn in try txn.get(db, key: key).map { $0.loadUnaligned(as: UInt64.self) } ?? 0 }
                        #expect(now >= last)
                        last = now
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try env.read { txn in try txn.get(db, key: key).map { $0.loadUnaligned(as: UInt64.self) } }
        #expect(final == 800)
    }
}

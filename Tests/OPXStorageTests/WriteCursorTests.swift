import OPXStorage
import Testing

@Suite struct WriteCursorTests {
    private func contents(_ env: LMDBEnvironment, _ db: Database) throws -> [[UInt8]: [UInt8]] {
        try env.read { txn in
            try txn.withCursor(db) { cursor in
                var all: [[UInt8]: [UInt8]] = [:]
                var entry = try cursor.first()
                while let (key, value) = entry {
                    all[Array(key)] = Array(value)
                    entry = try cursor.next()
                }
                return all
            }
        }
    }

    private func put(_ cursor: inout WriteCursor, _ key: [UInt8], _ value: [UInt8]) throws {
        try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try cursor.put(key: k, value: v) } }
    }

    private func delete(_ cursor: inout WriteCursor, _ key: [UInt8]) throws -> Bool {
        try key.withUnsafeBytes { try cursor.delete(key: $0) }
    }

    @Test func putsAndDeletesInAnyKeyOrderLikeTheTransaction() async throws {
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        // Enough keys for several leaf pages, so the cursor moves between pages and the tree splits under it.
        let keys = (0..<3000).map { i in Array("row/\(String(repeating: "0", count: 5 - String(i).count))\(i)".utf8) }
        try await env.write { txn in
            for key in keys.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
                try txn.put(db, key: key, value: [0])
            }
        }
        try await env.write { txn in
            try txn.withWriteCursor(db) { cursor in
                for (i, key) in keys.enumerated() {   // ascending: every other key new, the rest replaced
                    try put(&cursor, key, [UInt8(i % 251)])
                }
                for key in keys.reversed() where key.last! % 3 == 0 {   // descending deletes
                    #expect(try delete(&cursor, key))
                }
                #expect(try !delete(&cursor, Array("row/zzz".utf8)))
                try put(&cursor, Array("row/00007".utf8), [7, 7])
            }
        }
        var expected: [[UInt8]: [UInt8]] = [:]
        for (i, key) in keys.enumerated() where key.last! % 3 != 0 { expected[key] = [UInt8(i % 251)] }
        expected[Array("row/00007".utf8)] = [7, 7]
        #expect(try contents(env, db) == expected)
    }

    @Test func aJobThatFailsAfterCursorWritesIsRolledBack() async throws {
        struct HalfDone: Error {}
        let store = try ScratchStore()
        defer { store.close() }
        let (env, db) = (store.env, store.db)
        try await env.write { txn in try txn.put(db, key: [1], value: [1]) }
        await #expect(throws: HalfDone.self) {
            try await env.write { txn in
                try txn.withWriteCursor(db) { cursor in
                    try put(&cursor, [2], [2])
                    #expect(try delete(&cursor, [1]))
                }
                throw HalfDone()
            }
        }
        #expect(try contents(env, db) == [[1]: [1]])
    }
}

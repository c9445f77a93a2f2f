import CLMDB

/// Read operations shared by ``ReadTransaction`` and ``WriteTransaction``.
///
/// Buffers returned by reads point into the memory map: valid only until the transaction ends.
/// Copy what you need before the closure returns; never store them.
package protocol Transaction: ~Copyable {
    /// The LMDB transaction handle. Not for use outside `OPXStorage`.
    var handle: OpaquePointer { get }
}

extension Transaction where Self: ~Copyable {
    /// The value stored under `key`, or `nil` when there is none.
    ///
    /// The buffer is valid only inside the transaction.
    package func get(_ database: Database, key: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, database.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_get(\(database.name))")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under `key`, or `nil` when there is none.
    package func get(_ database: Database, key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { (k) in try get(database, key: k) }
    }

    /// Runs `body` with a cursor over `database`; the cursor is closed when `body` returns.
    package func withCursor<T, E: Error>(_ database: Database, _ body: (inout Cursor) throws(E) -> T) throws -> T {
        var raw: OpaquePointer?
        try check(mdb_cursor_open(handle, database.dbi, &raw), "mdb_cursor_open(\(database.name))")
        var cursor = Cursor(handle: raw!, database: database)
        defer { mdb_cursor_close(raw) }
        return try body(&cursor)
    }

    /// Number of entries in `database`.
    package func count(_ database: Database) throws -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.dbi, &stat), "mdb_stat(\(database.name))")
        return stat.ms_entries
    }

    /// Page statistics of `database`.
    package func statistics(_ database: Database) throws -> DatabaseStatistics {
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.dbi, &stat), "mdb_stat(\(database.name))")
        return DatabaseStatistics(entries: stat.ms_entries, pageSize: Int(stat.ms_psize), depth: Int(stat.ms_depth),
                                  pages: stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages)
    }
}

/// Entry and page counts of one database.
package struct DatabaseStatistics: Sendable, Hashable {
    /// Number of entries.
    package let entries: Int
    /// Page size in bytes.
    package let pageSize: Int
    /// B-tree depth.
    package let depth: Int
    /// Branch, leaf and overflow pages.
    package let pages: Int
}

/// A read-only transaction: a consistent cut of the whole store.
///
/// Valid only inside the closure of ``LMDBEnvironment/read(_:)``. Do not store it.
package struct ReadTransaction: ~Copyable, Transaction {
    package let handle: OpaquePointer
}

@available(*, unavailable)
extension ReadTransaction: Sendable {}

import CLMDB

/// A write transaction, run on the writer thread. Valid only inside the closure that received it.
///
/// Reads through it see its own writes. Do not store it; it cannot cross threads.
package struct WriteTransaction: ~Copyable, Transaction {
    /// How a value is put.
    package struct PutFlags: OptionSet, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The key is greater than every key in the database (`MDB_APPEND`): fast, and LMDB
        /// rejects an out-of-order key with `MDB_KEYEXIST`, a free monotonicity check.
        package static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
        /// Fail with `MDB_KEYEXIST` if the key is present.
        package static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
        /// In a ``Database/Flags/duplicateSort`` database: the value sorts after every value of its key
        /// (`MDB_APPENDDUP`); fails with `MDB_KEYEXIST` otherwise.
        package static let appendDuplicate = PutFlags(rawValue: UInt32(MDB_APPENDDUP))
    }

    package let handle: OpaquePointer
    /// Counts puts and deletes, so the writer knows whether a failed job left changes behind.
    let writes: UnsafeMutablePointer<Int>

    /// Stores `value` under `key`.
    package func put(_ database: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
                     flags: PutFlags = []) throws {
        writes.pointee += 1
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_put(handle, database.dbi, &k, &v, flags.rawValue), "mdb_put(\(database.name))")
    }

    /// Stores `value` under `key` unless the key is present (`MDB_NOOVERWRITE`); returns false, storing nothing,
    /// when it is. Cheaper than a lookup followed by a put: one descent of the tree.
    package func putIfAbsent(_ database: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws -> Bool {
        writes.pointee += 1
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, database.dbi, &k, &v, UInt32(MDB_NOOVERWRITE))
        if rc == MDB_KEYEXIST { return false }
        try check(rc, "mdb_put(\(database.name))")
        return true
    }

    /// Stores `value` under `key`.
    package func put(_ database: Database, key: [UInt8], value: [UInt8], flags: PutFlags = []) throws {
        try key.withUnsafeBytes { (k) in
            try value.withUnsafeBytes { (v) in try put(database, key: k, value: v, flags: flags) }
        }
    }

    /// Removes `key`; returns false when it was not present.
    @discardableResult
    package func delete(_ database: Database, key: [UInt8]) throws -> Bool {
        try delete(database, key: key, value: nil)
    }

    /// Removes one value of `key` from a ``Database/Flags/duplicateSort`` database (every value when `value` is
    /// `nil`); returns whether it was there.
    @discardableResult
    package func delete(_ database: Database, key: [UInt8], value: [UInt8]?) throws -> Bool {
        writes.pointee += 1
        return try key.withUnsafeBytes { (k) throws -> Bool in
            var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
            let rc: Int32
            if let value {
                rc = value.withUnsafeBytes { v in
                    var vv = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                    return mdb_del(handle, database.dbi, &kv, &vv)
                }
            } else {
                rc = mdb_del(handle, database.dbi, &kv, nil)
            }
            if rc == MDB_NOTFOUND { return false }
            try check(rc, "mdb_del(\(database.name))")
            return true
        }
    }

    /// Runs `body` with a cursor that puts and deletes in `database` (cheaper per key than ``put(_:key:value:flags:)``
    /// for keys in ascending order: see ``WriteCursor``); the cursor is closed when `body` returns.
    package func withWriteCursor<T>(_ database: Database, _ body: (inout WriteCursor) throws -> T) throws -> T {
        var raw: OpaquePointer?
        try check(mdb_cursor_open(handle, database.dbi, &raw), "mdb_cursor_open(\(database.name))")
        var cursor = WriteCursor(handle: raw!, database: database, writes: writes)
        defer { mdb_cursor_close(raw) }
        return try body(&cursor)
    }

    /// Deletes a database and its handle (`mdb_drop` with `del`); see ``LMDBEnvironment/dropDatabase(_:)``.
    func deleteDatabase(dbi: MDB_dbi, name: String) throws {
        writes.pointee += 1
        try check(mdb_drop(handle, dbi, 1), "mdb_drop(\(name), delete)")
    }

    /// Removes every entry of `database`, keeping the database itself.
    package func clear(_ database: Database) throws {
        writes.pointee += 1
        try check(mdb_drop(handle, database.dbi, 0), "mdb_drop(\(database.name))")
    }
}

@available(*, unavailable)
extension WriteTransaction: Sendable {}

import CLMDB

/// A cursor that puts and deletes in one database of a write transaction, valid only inside
/// ``WriteTransaction/withWriteCursor(_:_:)``.
///
/// For many keys in ascending order it is cheaper than ``WriteTransaction/put(_:key:value:flags:)``
/// each: `mdb_put` starts a fresh cursor and descends from the root for every key, while a
/// positioned cursor first looks for the key on its current leaf page (`mdb_cursor_set` in
/// `mdb.c`), so consecutive keys of a page skip the descent.
package struct WriteCursor: ~Copyable {
    let handle: OpaquePointer
    let database: Database
    /// The transaction's count of puts and deletes (see ``WriteTransaction``).
    let writes: UnsafeMutablePointer<Int>

    /// Stores `value` under `key`.
    package mutating func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        writes.pointee += 1
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_cursor_put(handle, &k, &v, 0), "mdb_cursor_put(\(database.name))")
    }

    /// Removes `key`; returns false when it was not present.
    @discardableResult
    package mutating func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, MDB_SET)
        if rc == MDB_NOTFOUND { return false }
        try check(rc, "mdb_cursor_get(\(database.name))")
        writes.pointee += 1
        try check(mdb_cursor_del(handle, 0), "mdb_cursor_del(\(database.name))")
        return true
    }
}

@available(*, unavailable)
extension WriteCursor: Sendable {}

import CLMDB

/// A cursor over one database, valid only inside ``Transaction/withCursor(_:_:)``.
///
/// Every positioning call returns the entry it landed on, or `nil` past either end.
/// Key and value buffers point into the map: valid only inside the transaction.
package struct Cursor: ~Copyable {
    /// One key/value pair, pointing into the memory map.
    package typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    let handle: OpaquePointer
    let database: Database

    /// The first entry.
    package mutating func first() throws -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    package mutating func last() throws -> Entry? { try move(MDB_LAST) }
    /// The entry after the current one.
    package mutating func next() throws -> Entry? { try move(MDB_NEXT) }
    /// The entry before the current one.
    package mutating func previous() throws -> Entry? { try move(MDB_PREV) }

    /// The first entry whose key is greater than or equal to `key` (`MDB_SET_RANGE`).
    package mutating func seek(atLeast key: UnsafeRawBufferPointer) throws -> Entry? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, MDB_SET_RANGE)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get(\(database.name))")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// The first entry whose key is greater than or equal to `key`.
    package mutating func seek(atLeast key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { (k) in try seek(atLeast: k) }
    }

    /// The last entry whose key is less than or equal to `key`.
    package mutating func seek(atMost key: [UInt8]) throws -> Entry? {
        if let entry = try seek(atLeast: key) {
            if entry.key.count == key.count && entry.key.elementsEqual(key) { return entry }
            return try previous()
        }
        return try last()
    }

    private mutating func move(_ op: MDB_cursor_op) throws -> Entry? {
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get(\(database.name))")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }
}

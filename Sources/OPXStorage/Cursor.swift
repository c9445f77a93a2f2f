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
        try position(MDB_SET_RANGE, key: key, value: UnsafeRawBufferPointer(start: nil, count: 0))
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

    // MARK: Sorted duplicates (databases opened with `Database.Flags.duplicateSort`)

    /// The last value of the current key (`MDB_LAST_DUP`).
    package mutating func lastDuplicate() throws -> Entry? { try move(MDB_LAST_DUP) }
    /// The next value of the current key, or `nil` after its last (`MDB_NEXT_DUP`).
    package mutating func nextDuplicate() throws -> Entry? { try move(MDB_NEXT_DUP) }
    /// The first value of the next key (`MDB_NEXT_NODUP`).
    package mutating func nextKey() throws -> Entry? { try move(MDB_NEXT_NODUP) }

    /// The first value of `key` (`MDB_SET_KEY`), or `nil` when the key is absent.
    package mutating func find(key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { k in try position(MDB_SET_KEY, key: k, value: UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    /// The first value of `key` greater than or equal to `value` (`MDB_GET_BOTH_RANGE`), or `nil`.
    package mutating func find(key: [UInt8], valueAtLeast value: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try position(MDB_GET_BOTH_RANGE, key: k, value: v) } }
    }

    /// The pair `key`, `value` (`MDB_GET_BOTH`), or `nil` when `key` does not hold exactly `value`.
    package mutating func find(key: [UInt8], value: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try position(MDB_GET_BOTH, key: k, value: v) } }
    }

    /// The number of values of the current key (`mdb_cursor_count`; constant time).
    package func duplicateCount() throws -> Int {
        var count = 0
        try check(mdb_cursor_count(handle, &count), "mdb_cursor_count(\(database.name))")
        return count
    }

    /// Walks the values of `key` in order, a page of packed values at a time (`MDB_GET_MULTIPLE`,
    /// `MDB_NEXT_MULTIPLE`; databases with ``Database/Flags/duplicateFixed``). `body` gets the values
    /// of one page as one buffer and returns false to stop. Returns false when `key` is absent.
    @discardableResult
    package mutating func forEachDuplicatePage(of key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Bool) throws -> Bool {
        guard let (_, first) = try find(key: key) else { return false }
        var page = try move(MDB_GET_MULTIPLE)
        // A key with one value is a plain node: LMDB answers MDB_GET_MULTIPLE with no data.
        if let (_, values) = page, values.isEmpty { _ = try body(first); return true }
        while let (_, values) = page, try body(values) {
            page = try move(MDB_NEXT_MULTIPLE)
        }
        return true
    }

    private mutating func position(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer,
                                   value: UnsafeRawBufferPointer) throws -> Entry? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get(\(database.name))")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
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

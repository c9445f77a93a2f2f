import Glibc

/// The rows a batch changed, encoded: keys packed into one buffer and canonical JSON values into
/// another, in key order once ``sort()`` ran (the order LMDB keeps keys in). A key added more than
/// once keeps its last change.
///
/// Two buffers per batch instead of two arrays per changed row: rows are allocated on the fold
/// workers and written on the writer thread, and freeing many small arrays across threads showed
/// in profiles as much as encoding them. Keys apart from values: the sort reads only keys, at
/// random, and keys alone are a fraction of the bytes (fewer cache misses per comparison).
package struct RowChanges: Sendable {
    /// One change: where its key is in ``keys`` and its value in ``values`` (`valueCount` -1: the row is removed).
    private struct Entry: Sendable {
        var keyStart: Int
        var keyCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    private var keys: [UInt8] = []
    private var values: [UInt8] = []
    private var entries: [Entry] = []

    package init() {}

    /// How many rows changed.
    package var count: Int { entries.count }
    /// Whether no row changed.
    package var isEmpty: Bool { entries.isEmpty }
    /// The bytes of all keys and values.
    package var byteCount: Int { keys.count + values.count }

    /// Reserves room for as many changes and bytes as `other` holds (a batch like the previous one
    /// then fills its buffer without growing it step by step, each step a copy and fresh pages).
    mutating func reserveCapacity(like other: RowChanges) {
        keys.reserveCapacity(other.keys.count)
        values.reserveCapacity(other.values.count)
        entries.reserveCapacity(other.entries.count)
    }

    /// Adds `row` (present) under `key`, encoded in place (`inout`: no copy of the row).
    mutating func add<R: ProjectionRow>(_ key: String, _ row: inout R?) {
        add(key) { row?.encode(to: &$0) }
    }

    /// Adds a present row under `key`, its value written by `write`.
    mutating func add(_ key: String, encoding write: (inout RowEncoder) -> Void) {
        let keyStart = appendKey(key)
        let valueStart = values.count
        // The row is written into a scratch buffer on the stack and copied here at once (longer rows move
        // to the heap). 1,024 bytes: the most the standard library allocates on the stack without asking
        // the runtime whether it fits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var encoder = RowEncoder(scratch: scratch)
            write(&encoder)
            encoder.withBytes { values.append(contentsOf: $0) }
        }
        entries.append(Entry(keyStart: keyStart, keyCount: keys.count - keyStart, valueStart: valueStart,
                             valueCount: values.count - valueStart))
    }

    /// Adds the removal of `key`.
    mutating func addRemoval(_ key: String) {
        let keyStart = appendKey(key)
        entries.append(Entry(keyStart: keyStart, keyCount: keys.count - keyStart, valueStart: values.count, valueCount: -1))
    }

    /// Appends `key`'s bytes to ``keys``; where they start.
    private mutating func appendKey(_ key: String) -> Int {
        let start = keys.count
        var key = key
        key.withUTF8 { keys.append(contentsOf: $0) }
        return start
    }

    /// Puts the changes in key byte order (one `memcmp` per comparison) and keeps only the last
    /// change of a key added more than once (entries are added in the order the fold made them).
    mutating func sort() {
        guard entries.count > 1 else { return }
        keys.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return }
            func compare(_ x: Entry, _ y: Entry) -> Int32 {
                let c = memcmp(base + x.keyStart, base + y.keyStart, min(x.keyCount, y.keyCount))
                return c != 0 ? c : (x.keyCount == y.keyCount ? 0 : (x.keyCount < y.keyCount ? -1 : 1))
            }
            // Equal keys sort by when they were added (`keyStart` grows with every add).
            entries.sort { x, y in
                let c = compare(x, y)
                return c != 0 ? c < 0 : x.keyStart < y.keyStart
            }
            var kept = 0
            for i in entries.indices where i == entries.count - 1 || compare(entries[i], entries[i + 1]) != 0 {
                entries[kept] = entries[i]
                kept += 1
            }
            entries.removeSubrange(kept...)
        }
    }

    /// Calls `body` with each change in order: its index, key and value (`nil`: remove the row).
    package func forEach(_ body: (_ index: Int, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try keys.withUnsafeBytes { k in
            try values.withUnsafeBytes { v in
                for (i, e) in entries.enumerated() {
                    let key = UnsafeRawBufferPointer(rebasing: k[e.keyStart..<(e.keyStart + e.keyCount)])
                    let value = e.valueCount < 0 ? nil : UnsafeRawBufferPointer(rebasing: v[e.valueStart..<(e.valueStart + e.valueCount)])
                    try body(i, key, value)
                }
            }
        }
    }
}

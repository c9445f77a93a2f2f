import COPXPrefetch

/// An event payload with its top-level members indexed once, shared by every projection that reads the event.
///
/// Lookups compare key bytes against the index (no rescanning of the payload); values are
/// ``JSONView``s decoded on demand. A payload that is not an object has no members.
package struct Payload: Sendable {
    /// The buffer holding the payload: its own, or shared by a page of events (never copied).
    private let buffer: [UInt8]
    /// The payload's bytes in `buffer`.
    private let range: Range<Int>
    /// Four entries per member: key start, key end (inside the quotes), value start, value end, as
    /// offsets in `buffer`; the entries in `indexRange` are this payload's (the array may be shared too).
    private let index: [Int32]
    private let indexRange: Range<Int>
    /// Whether a key may be missing from the index (a key written with escapes, or an index cut
    /// short): then a lookup that misses the index scans the payload.
    private let incomplete: Bool
    /// Where the payload's bytes and its index entries are, for ``Prefetch/start()``.
    package let prefetch: Prefetch

    package init(_ bytes: [UInt8]) {
        var index: [Int32] = []
        let (indexRange, incomplete) = Self.appendIndex(of: bytes, 0..<bytes.count, to: &index)
        self.init(buffer: bytes, range: 0..<bytes.count, index: index, indexRange: indexRange, incomplete: incomplete)
    }

    /// A payload inside a shared buffer, indexed by ``appendIndex(of:_:to:)`` into a shared index.
    init(buffer: [UInt8], range: Range<Int>, index: [Int32], indexRange: Range<Int>, incomplete: Bool) {
        self.buffer = buffer
        self.range = range
        self.index = index
        self.indexRange = indexRange
        self.incomplete = incomplete
        prefetch = Prefetch(bytes: buffer.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) &+ UInt(range.lowerBound) },
                            byteCount: range.count,
                            index: index.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) &+ UInt(indexRange.lowerBound * 4) },
                            indexByteCount: indexRange.count * 4)
    }

    /// The payload bytes (canonical JSON).
    package var bytes: [UInt8] { range == buffer.indices ? buffer : Array(buffer[range]) }

    /// Calls `body` with the payload bytes where they are (no copy).
    package func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The whole payload as a view.
    package var view: JSONView {
        let bounds = buffer.withUnsafeBufferPointer { whole -> Range<Int> in
            let b = UnsafeBufferPointer(rebasing: whole[range])
            let start = JSONSkipper.whitespace(b, 0)
            guard start < b.count, let end = JSONSkipper.value(b, start) else { return 0..<0 }
            return (range.lowerBound + start)..<(range.lowerBound + end)
        }
        return JSONView(buffer: buffer, range: bounds)
    }

    /// The member named `key`.
    package subscript(key: String) -> JSONView? { member(key) { $0 } }

    /// `read` of the member named `key`. The view of an indexed member is handed to `read` in place,
    /// not returned: inlined, it does not retain the buffer (which a page shares between the folds on
    /// both cores, so that each retain and release contends for one cache line).
    @inline(__always)
    private func member<T>(_ key: String, _ read: (JSONView) -> T?) -> T? {
        if let value = valueRange(key) { return read(JSONView(buffer: buffer, range: value)) }
        // Keys written with escapes are not in the fast index form; fall back to a full scan.
        return incomplete ? view[key].flatMap(read) : nil
    }

    /// Where the value of the member named `key` is in `buffer`, if the index has it.
    private func valueRange(_ key: String) -> Range<Int>? {
        var key = key
        return key.withUTF8 { k -> Range<Int>? in
            guard let kp = k.baseAddress else { return nil }
            return buffer.withUnsafeBufferPointer { b -> Range<Int>? in
                index.withUnsafeBufferPointer { index -> Range<Int>? in
                    var m = indexRange.lowerBound
                    while m < indexRange.upperBound {
                        let start = Int(index[m])
                        if Int(index[m + 1]) - start == k.count, JSONSkipper.bytesEqual(b.baseAddress! + start, kp, k.count) {
                            return Int(index[m + 2])..<Int(index[m + 3])
                        }
                        m += 4
                    }
                    return nil
                }
            }
        }
    }

    /// The string member `key`.
    package func string(_ key: String) -> String? { member(key) { $0.string } }
    /// The integer member `key`.
    package func int(_ key: String) -> Int64? { member(key) { $0.int } }
    /// The numeric member `key`.
    package func double(_ key: String) -> Double? { member(key) { $0.double } }
    /// The Boolean member `key`.
    package func bool(_ key: String) -> Bool? { member(key) { $0.bool } }
    /// The strings of the array member `key` (empty when absent).
    package func strings(_ key: String) -> [String] { member(key) { $0.strings } ?? [] }
    /// The member `key` verbatim.
    package func raw(_ key: String) -> RawJSON? { member(key) { $0.raw } }

    /// Appends the index of the payload at `range` of `bytes` to `index` (offsets in `bytes`).
    /// - Returns: where its entries are in `index`, and whether a key may be missing from them.
    static func appendIndex(of bytes: [UInt8], _ range: Range<Int>, to index: inout [Int32]) -> (Range<Int>, incomplete: Bool) {
        let first = index.count
        let complete = bytes.withUnsafeBufferPointer { whole -> Bool? in
            let b = UnsafeBufferPointer(rebasing: whole[range])
            let base = range.lowerBound
            let backslash = UInt8(ascii: "\\")
            var i = JSONSkipper.whitespace(b, 0)
            guard i < b.count, b[i] == UInt8(ascii: "{"), whole.count < Int(Int32.max) else { return nil }
            var escapedKey = false
            i = JSONSkipper.whitespace(b, i + 1)
            while i < b.count, b[i] == UInt8(ascii: "\"") {
                guard let keyEnd = JSONSkipper.string(b, i) else { return nil }
                var j = JSONSkipper.whitespace(b, keyEnd)
                guard j < b.count, b[j] == UInt8(ascii: ":") else { return nil }
                j = JSONSkipper.whitespace(b, j + 1)
                guard let valueEnd = JSONSkipper.value(b, j) else { return nil }
                if !escapedKey { escapedKey = b[(i + 1)..<(keyEnd - 1)].contains(backslash) }
                index.append(Int32(base + i + 1))
                index.append(Int32(base + keyEnd - 1))
                index.append(Int32(base + j))
                index.append(Int32(base + valueEnd))
                i = JSONSkipper.whitespace(b, valueEnd)
                guard i < b.count, b[i] == UInt8(ascii: ",") else { break }
                i = JSONSkipper.whitespace(b, i + 1)
            }
            return !escapedKey
        }
        guard let complete else {
            // Not an object, or malformed: no members (a lookup scans the bytes if a key may hide in escapes).
            index.removeSubrange(first...)
            return (first..<first, bytes[range].contains(UInt8(ascii: "\\")))
        }
        return (first..<index.count, !complete)
    }

    /// Where a payload's bytes and its index entries were when it was made, as addresses: a hint to
    /// start loading them into the cache (``start()``), never dereferenced.
    ///
    /// A fold's member lookups each wait for a cache miss on the payload: a page's payloads are
    /// megabytes, read by each fold on its own core. Prefetching the event a fold takes next, before it
    /// folds the current one, has those lines arrive meanwhile (``FoldSet/apply(_:to:bit:)``). Plain
    /// addresses, not the arrays: reading an array would retain it, and a page's arrays are shared by
    /// the folds on both cores. The arrays are constants, so their storage does not move; a prefetch
    /// of an address no longer mapped is ignored, never a fault.
    package struct Prefetch: Sendable {
        let bytes: UInt, byteCount: Int, index: UInt, indexByteCount: Int

        /// Asks the CPU to start loading the payload's cache lines, without waiting for them.
        package func start() {
            opx_prefetch(UnsafeRawPointer(bitPattern: bytes), byteCount)
            opx_prefetch(UnsafeRawPointer(bitPattern: index), indexByteCount)
        }
    }
}

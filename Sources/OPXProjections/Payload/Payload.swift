/// An event payload with its top-level members indexed once, shared by every projection that reads the event.
///
/// Lookups compare key bytes against the index (no rescanning of the payload); values are
/// ``JSONView``s decoded on demand. A payload that is not an object has no members.
package struct Payload: Sendable {
    /// The payload bytes (canonical JSON).
    package let bytes: [UInt8]
    /// Four entries per member: key start, key end (inside the quotes), value start, value end.
    private let index: [Int32]
    /// Whether a key may be missing from the index (a key written with escapes, or an index cut
    /// short): then a lookup that misses the index scans the payload.
    private let incomplete: Bool

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        (index, incomplete) = Self.buildIndex(bytes)
    }

    /// The whole payload as a view.
    package var view: JSONView { JSONView(bytes) }

    /// The member named `key`.
    package subscript(key: String) -> JSONView? {
        var key = key
        let found: Int? = key.withUTF8 { k -> Int? in
            guard let kp = k.baseAddress else { return nil }
            return bytes.withUnsafeBufferPointer { b -> Int? in
                index.withUnsafeBufferPointer { index -> Int? in
                    var m = 0
                    while m < index.count {
                        let start = Int(index[m])
                        if Int(index[m + 1]) - start == k.count, JSONSkipper.bytesEqual(b.baseAddress! + start, kp, k.count) { return m }
                        m += 4
                    }
                    return nil
                }
            }
        }
        if let found {
            return JSONView(buffer: bytes, range: Int(index[found + 2])..<Int(index[found + 3]))
        }
        // Keys written with escapes are not in the fast index form; fall back to a full scan.
        return incomplete ? view[key] : nil
    }

    /// The string member `key`.
    package func string(_ key: String) -> String? { self[key]?.string }
    /// The integer member `key`.
    package func int(_ key: String) -> Int64? { self[key]?.int }
    /// The numeric member `key`.
    package func double(_ key: String) -> Double? { self[key]?.double }
    /// The Boolean member `key`.
    package func bool(_ key: String) -> Bool? { self[key]?.bool }
    /// The strings of the array member `key` (empty when absent).
    package func strings(_ key: String) -> [String] { self[key]?.strings ?? [] }
    /// The member `key` verbatim.
    package func raw(_ key: String) -> RawJSON? { self[key]?.raw }

    private static func buildIndex(_ bytes: [UInt8]) -> (index: [Int32], incomplete: Bool) {
        bytes.withUnsafeBufferPointer { b -> ([Int32], Bool) in
            let backslash = UInt8(ascii: "\\")
            var out: [Int32] = []
            var i = JSONSkipper.whitespace(b, 0)
            guard i < b.count, b[i] == UInt8(ascii: "{"), b.count < Int(Int32.max) else { return ([], b.contains(backslash)) }
            out.reserveCapacity(48)
            var escapedKey = false
            i = JSONSkipper.whitespace(b, i + 1)
            while i < b.count, b[i] == UInt8(ascii: "\"") {
                guard let keyEnd = JSONSkipper.string(b, i) else { return ([], b.contains(backslash)) }
                var j = JSONSkipper.whitespace(b, keyEnd)
                guard j < b.count, b[j] == UInt8(ascii: ":") else { return ([], b.contains(backslash)) }
                j = JSONSkipper.whitespace(b, j + 1)
                guard let valueEnd = JSONSkipper.value(b, j) else { return ([], b.contains(backslash)) }
                if !escapedKey { escapedKey = b[(i + 1)..<(keyEnd - 1)].contains(backslash) }
                out.append(Int32(i + 1))
                out.append(Int32(keyEnd - 1))
                out.append(Int32(j))
                out.append(Int32(valueEnd))
                i = JSONSkipper.whitespace(b, valueEnd)
                guard i < b.count, b[i] == UInt8(ascii: ",") else { break }
                i = JSONSkipper.whitespace(b, i + 1)
            }
            return (out, escapedKey)
        }
    }
}

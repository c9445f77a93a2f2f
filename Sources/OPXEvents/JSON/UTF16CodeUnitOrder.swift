/// Compares strings by their UTF-16 code units, the key order RFC 8785 requires, working on UTF-8 bytes.
///
/// Swift's `String` comparison uses Unicode canonical equivalence, which is wrong for JSON keys: `"é"` and
/// `"e\u{301}"` are different keys. UTF-8 byte order matches UTF-16 code unit order except between U+E000–U+FFFF
/// (UTF-8 lead bytes `EE`/`EF`) and supplementary code points (lead bytes `F0`–`F4`, UTF-16 surrogates
/// `D800`–`DFFF`): UTF-16 puts the supplementary ones first. The first differing byte decides, so only that case
/// needs care.
enum UTF16CodeUnitOrder {
    /// Returns a negative number, zero, or a positive number as `a` sorts before, equal to, or after `b`.
    static func compare(_ a: String, _ b: String) -> Int {
        if let result = a.utf8.withContiguousStorageIfAvailable({ left in
            b.utf8.withContiguousStorageIfAvailable { right in compare(left, right) }
        }), let result {
            return result
        }
        return compareSlow(a, b)
    }

    /// Compares two valid UTF-8 buffers by UTF-16 code units.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        var index = 0
        while index < common {
            let x = a[index]
            let y = b[index]
            if x != y {
                // Lead bytes of U+E000–U+FFFF against lead bytes of supplementary scalars: UTF-16 order is reversed.
                if x >= 0xF0, y == 0xEE || y == 0xEF { return -1 }
                if y >= 0xF0, x == 0xEE || x == 0xEF { return 1 }
                return x < y ? -1 : 1
            }
            index += 1
        }
        return a.count - b.count
    }

    /// Returns whether two strings hold exactly the same Unicode scalars.
    static func equal(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return compare(a, b) == 0
    }

    /// Hashes a string's UTF-8 bytes, consistently with ``equal(_:_:)``.
    static func hash(_ string: String, into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { buffer in
            hasher.combine(bytes: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
        hasher.combine(string.utf8.count)
    }

    private static func compareSlow(_ a: String, _ b: String) -> Int {
        var left = a.utf16.makeIterator()
        var right = b.utf16.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?) where x != y: return x < y ? -1 : 1
            default: continue
            }
        }
    }
}

extension UTF16CodeUnitOrder {
    /// Packs up to the first eight bytes of valid UTF-8 into an integer that orders like UTF-16 code units.
    ///
    /// Bytes go in big-endian order, zero-padded, with the lead bytes `F0`–`F4` moved below `EE`/`EF`, so comparing
    /// two prefixes compares the strings' first eight bytes in UTF-16 order. Equal prefixes decide nothing unless
    /// both strings are at most eight bytes long, in which case the shorter sorts first.
    @inline(__always)
    static func prefix(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let length = min(count, 8)
        var packed: UInt64 = 0
        for index in 0..<length {
            var byte = bytes[index]
            if byte >= 0xEE {
                // EE, EF -> F3, F4; F0...F4 -> EE...F2.
                byte = byte <= 0xEF ? byte &+ 5 : byte &- 2
            }
            packed = packed << 8 | UInt64(byte)
        }
        return length == 8 ? packed : packed << (8 * UInt64(8 - length))
    }
}

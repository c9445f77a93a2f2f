import Glibc
package import OPXEvents

/// A read-only view of one JSON value inside a byte buffer, decoded only as far as asked.
///
/// Folds read a handful of fields from payloads of hundreds of bytes; building a whole
/// ``JSONValue`` tree for that costs more than everything else a fold does. A view finds member
/// and element boundaries by skipping bytes and decodes only the scalars asked for; sub-values are
/// handed on as ``RawJSON`` bytes (payloads are canonical, so their sub-values are too).
///
/// Malformed bytes never trap: a view over them simply has no members and no scalar value.
///
/// ```swift
/// let status = view["status"]?["code"]?.string   // "ok"
/// let output = view["output"]?.raw               // RawJSON, verbatim
/// ```
package struct JSONView: Sendable {
    /// The buffer holding the value (shared, never copied).
    package let buffer: [UInt8]
    /// The value's bytes in `buffer`.
    package let range: Range<Int>

    package init(buffer: [UInt8], range: Range<Int>) {
        self.buffer = buffer
        self.range = range
    }

    /// A view of a whole buffer holding one JSON value (surrounding whitespace allowed).
    package init(_ buffer: [UInt8]) {
        let bounds = buffer.withUnsafeBufferPointer { b -> Range<Int> in
            let start = JSONSkipper.whitespace(b, 0)
            guard start < b.count, let end = JSONSkipper.value(b, start) else { return 0..<0 }
            return start..<end
        }
        self.init(buffer: buffer, range: bounds)
    }

    private var first: UInt8? { range.isEmpty ? nil : buffer[range.lowerBound] }

    /// Whether this is an object.
    package var isObject: Bool { first == UInt8(ascii: "{") }
    /// Whether this is an array.
    package var isArray: Bool { first == UInt8(ascii: "[") }
    /// Whether this is `null`.
    package var isNull: Bool { first == UInt8(ascii: "n") }

    /// The member named `key` when this is an object.
    package subscript(key: String) -> JSONView? {
        var found: JSONView?
        forEachMemberRange { keyRange, valueRange in
            if JSONSkipper.keyEquals(buffer, keyRange, key) {
                found = JSONView(buffer: buffer, range: valueRange)
                return false
            }
            return true
        }
        return found
    }

    /// The members named `keys` when this is an object, found in one pass over its members: for each
    /// key (each named once), what ``subscript(_:)`` gives (its first member of that name, or `nil`).
    ///
    /// Reading several members of one object this way skips each value once; a subscript per key
    /// rescans the object from its start every time (the evidence fold's profile: most of its time).
    package func values(_ keys: [String]) -> [JSONView?] {
        var found = [JSONView?](repeating: nil, count: keys.count)
        var missing = keys.count
        forEachMemberRange { keyRange, valueRange in
            for k in keys.indices where found[k] == nil && JSONSkipper.keyEquals(buffer, keyRange, keys[k]) {
                found[k] = JSONView(buffer: buffer, range: valueRange)
                missing -= 1
                break
            }
            return missing > 0
        }
        return found
    }

    /// The members in document order, when this is an object.
    package var members: [(key: String, value: JSONView)] {
        var out: [(key: String, value: JSONView)] = []
        forEachMemberRange { keyRange, valueRange in
            if let key = JSONSkipper.decodeString(buffer, (keyRange.lowerBound - 1)..<(keyRange.upperBound + 1)) {
                out.append((key, JSONView(buffer: buffer, range: valueRange)))
            }
            return true
        }
        return out
    }

    /// The elements when this is an array.
    package var elements: [JSONView] {
        guard isArray else { return [] }
        var out: [JSONView] = []
        buffer.withUnsafeBufferPointer { b in
            var i = JSONSkipper.whitespace(b, range.lowerBound + 1)
            if i < range.upperBound, b[i] == UInt8(ascii: "]") { return }
            while i < range.upperBound {
                guard let end = JSONSkipper.value(b, i), end <= range.upperBound else { return }
                out.append(JSONView(buffer: buffer, range: i..<end))
                i = JSONSkipper.whitespace(b, end)
                guard i < range.upperBound, b[i] == UInt8(ascii: ",") else { return }
                i = JSONSkipper.whitespace(b, i + 1)
            }
        }
        return out
    }

    /// The string when this is a string.
    package var string: String? {
        guard first == UInt8(ascii: "\"") else { return nil }
        return JSONSkipper.decodeString(buffer, range)
    }

    /// The number as an exact integer, when this is a number with an integral value that fits `Int64`.
    package var int: Int64? {
        guard let first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else { return nil }
        return buffer.withUnsafeBufferPointer { b -> Int64? in
            var i = range.lowerBound
            let negative = b[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var value: Int64 = 0
            var digits = 0
            while i < range.upperBound, b[i] >= 0x30, b[i] <= 0x39, digits < 18 {
                value = value * 10 + Int64(b[i] - 0x30)
                digits += 1
                i += 1
            }
            if i == range.upperBound, digits > 0 { return negative ? -value : value }
            return double.flatMap { Int64(exactly: $0) }
        }
    }

    /// The number as a double, when this is a number.
    package var double: Double? {
        guard let first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else { return nil }
        return Double(String(decoding: buffer[range], as: UTF8.self))
    }

    /// The Boolean when this is `true` or `false`.
    package var bool: Bool? {
        switch first {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }

    /// The strings of an array of strings (non-strings are left out).
    package var strings: [String] { elements.compactMap(\.string) }

    /// The value's bytes, verbatim.
    package var raw: RawJSON { RawJSON(trusted: Array(buffer[range])) }

    /// The value parsed into a tree, or `nil` when the bytes are not valid JSON.
    package var value: JSONValue? {
        buffer.withUnsafeBytes { b in try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: b[range])) }
    }

    /// Calls `body` with the key range (inside the quotes) and value range of each member, until it returns false.
    private func forEachMemberRange(_ body: (Range<Int>, Range<Int>) -> Bool) {
        guard isObject else { return }
        buffer.withUnsafeBufferPointer { b in
            var i = JSONSkipper.whitespace(b, range.lowerBound + 1)
            while i < range.upperBound, b[i] == UInt8(ascii: "\"") {
                guard let keyEnd = JSONSkipper.string(b, i) else { return }
                var j = JSONSkipper.whitespace(b, keyEnd)
                guard j < range.upperBound, b[j] == UInt8(ascii: ":") else { return }
                j = JSONSkipper.whitespace(b, j + 1)
                guard let valueEnd = JSONSkipper.value(b, j), valueEnd <= range.upperBound else { return }
                if !body((i + 1)..<(keyEnd - 1), j..<valueEnd) { return }
                i = JSONSkipper.whitespace(b, valueEnd)
                guard i < range.upperBound, b[i] == UInt8(ascii: ",") else { return }
                i = JSONSkipper.whitespace(b, i + 1)
            }
        }
    }
}

/// Byte-level skipping over JSON text. Every function is bounds-checked and returns `nil` on
/// malformed input instead of trapping.
enum JSONSkipper {
    @inline(__always)
    static func whitespace(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < b.count {
            switch b[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return i
            }
        }
        return i
    }

    /// The index after the value starting at `start`.
    static func value(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard start < b.count else { return nil }
        switch b[start] {
        case UInt8(ascii: "\""): return string(b, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["): return container(b, start)
        case UInt8(ascii: "t"): return literal(b, start, 4)
        case UInt8(ascii: "f"): return literal(b, start, 5)
        case UInt8(ascii: "n"): return literal(b, start, 4)
        default:
            var i = start
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                     UInt8(ascii: "e"), UInt8(ascii: "E"):
                    i += 1
                default:
                    return i > start ? i : nil
                }
            }
            return i > start ? i : nil
        }
    }

    private static func literal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        start + length <= b.count ? start + length : nil
    }

    /// The index after the closing quote of the string whose opening quote is at `start`.
    ///
    /// Its first bytes are stepped through; past them, `memchr` (vectorized) finds each next quote and
    /// the backslashes right before it tell whether it is escaped (an odd run): payloads' long strings
    /// (summaries, messages) were most of the skipping's time.
    @inline(__always)
    static func string(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start + 1
        let stepped = min(b.count, start + 17)
        while i < stepped {
            let c = b[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        return i < b.count ? quote(b, after: i) : nil
    }

    /// The index after the first unescaped quote at or after `from`, where no escape is open.
    private static func quote(_ b: UnsafeBufferPointer<UInt8>, after from: Int) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var fresh = from   // bytes before it are done: a backslash there escapes nothing after it
        while fresh < b.count {
            guard let found = memchr(base + fresh, Int32(UInt8(ascii: "\"")), b.count - fresh) else { return nil }
            let q = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while q - backslashes - 1 >= fresh, b[q - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return q + 1 }
            fresh = q + 1
        }
        return nil
    }

    /// The index after the bracket closing the object or array opened at `start`.
    static func container(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var depth = 0
        var i = start
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\""):
                guard let end = string(b, i) else { return nil }
                i = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// Whether the raw key bytes in `range` (inside the quotes) spell `key`.
    static func keyEquals(_ buffer: [UInt8], _ range: Range<Int>, _ key: String) -> Bool {
        var key = key
        return key.withUTF8 { k in
            guard k.count == range.count else {
                // An escaped key is longer in the text than decoded; compare decoded.
                return buffer[range].contains(UInt8(ascii: "\\"))
                    && decodeString(buffer, (range.lowerBound - 1)..<(range.upperBound + 1)).map { $0 == String(decoding: k, as: UTF8.self) } == true
            }
            return buffer.withUnsafeBufferPointer { b in
                bytesEqual(b.baseAddress! + range.lowerBound, k.baseAddress!, k.count)
            }
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal (keys are short: a loop beats a `memcmp` call).
    @inline(__always)
    static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }

    /// Decodes the quoted JSON string in `range` (quotes included).
    static func decodeString(_ buffer: [UInt8], _ range: Range<Int>) -> String? {
        guard range.count >= 2, range.upperBound <= buffer.count else { return nil }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        let escaped = buffer.withUnsafeBufferPointer { memchr($0.baseAddress! + inner.lowerBound, Int32(UInt8(ascii: "\\")), inner.count) != nil }
        if !escaped { return String(decoding: buffer[inner], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= inner.upperBound else { return nil }
            var v: UInt32 = 0
            for j in at..<(at + 4) {
                guard let n = Hex.nibble(buffer[j]) else { return nil }
                v = v << 4 | UInt32(n)
            }
            return v
        }
        while i < inner.upperBound {
            let c = buffer[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < inner.upperBound else { return nil }
            let e = buffer[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= inner.upperBound, buffer[i] == UInt8(ascii: "\\"),
                   buffer[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), low >= 0xDC00 && low < 0xE000 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let s = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(s)).utf8))
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

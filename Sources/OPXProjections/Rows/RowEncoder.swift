package import OPXEvents

/// Writes a row's canonical JSON (RFC 8785) directly, without building a value tree.
///
/// Members must be written in canonical key order (UTF-16 code units; plain byte order for the
/// ASCII keys rows use); debug builds check it. Dynamic keys (agent names, days) go through
/// ``sortedKeys(_:)`` first. `nil` optionals are left out, so an absent field is never `null`.
///
/// ```swift
/// var e = RowEncoder()
/// e.object { e in
///     e.field("attempts", 2)
///     e.field("status", "running")
/// }
/// ```
package struct RowEncoder {
    /// The output. Written directly: per-call overhead of a generic writer dominated encoding.
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false
    private var afterKey = false
    /// The `needsComma` of the enclosing containers, innermost in the lowest bit (no array to allocate).
    private var commaStack: UInt64 = 0
    private var depth = 0
    #if DEBUG
    private var keyStack: [String?] = []
    #endif

    package init() { bytes.reserveCapacity(512) }

    /// An encoder appending to `buffer`, which it takes over (leaving it empty) until ``finish(into:)``.
    init(appendingTo buffer: inout [UInt8]) { swap(&bytes, &buffer) }

    /// Hands the output back to the buffer given to ``init(appendingTo:)``.
    mutating func finish(into buffer: inout [UInt8]) { swap(&bytes, &buffer) }

    // MARK: - Containers

    /// Writes an object whose members `body` writes.
    package mutating func object(_ body: (inout RowEncoder) throws -> Void) rethrows {
        beginValue()
        punctuation(UInt8(ascii: "{"))
        pushComma()
        #if DEBUG
        keyStack.append(nil)
        #endif
        try body(&self)
        #if DEBUG
        keyStack.removeLast()
        #endif
        popComma()
        punctuation(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes an array whose elements `body` writes.
    package mutating func array(_ body: (inout RowEncoder) throws -> Void) rethrows {
        beginValue()
        punctuation(UInt8(ascii: "["))
        pushComma()
        try body(&self)
        popComma()
        punctuation(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member key known at compile time (a plain identifier: nothing to escape).
    package mutating func key(_ key: StaticString) {
        #if DEBUG
        let text = key.description
        assert(text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }, "row key \(text) needs escaping")
        if let previous = keyStack.last ?? nil {
            assert(previous.utf16.lexicographicallyPrecedes(text.utf16), "row keys out of canonical order: \"\(previous)\" before \"\(text)\"")
        }
        if !keyStack.isEmpty { keyStack[keyStack.count - 1] = text }
        #endif
        if needsComma { punctuation(UInt8(ascii: ",")) }
        punctuation(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        literal("\":")
        afterKey = true
    }

    /// Writes a member key; the next value written is its value.
    package mutating func key(_ key: String) {
        #if DEBUG
        if let previous = keyStack.last ?? nil {
            assert(previous.utf16.lexicographicallyPrecedes(key.utf16),
                   "row keys out of canonical order: \"\(previous)\" before \"\(key)\"")
        }
        if !keyStack.isEmpty { keyStack[keyStack.count - 1] = key }
        #endif
        if needsComma { punctuation(UInt8(ascii: ",")) }
        quoted(key)
        punctuation(UInt8(ascii: ":"))
        afterKey = true
    }

    @inline(__always)
    private mutating func pushComma() {
        precondition(depth < 64, "rows nest at most 64 containers deep")
        commaStack = commaStack << 1 | (needsComma ? 1 : 0)
        depth += 1
        needsComma = false
    }

    @inline(__always)
    private mutating func popComma() {
        needsComma = commaStack & 1 != 0
        commaStack >>= 1
        depth -= 1
    }

    // The generic `writeRaw(some Sequence)` is not specialised across modules; these use the
    // buffer overload (one memcpy, no metadata lookups).
    @inline(__always)
    private mutating func punctuation(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    private mutating func literal(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A quoted string: plain bytes copied at once; anything needing escapes goes through the canonical writer.
    @inline(__always)
    private mutating func quoted(_ string: String) {
        var string = string
        let plain = string.withUTF8 { u -> Bool in
            for b in u where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: u)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if !plain {
            var writer = CanonicalJSONWriter(capacity: string.utf8.count + 8)
            writer.writeString(string)
            bytes.append(contentsOf: writer.bytes)
        }
    }

    /// Decimal digits of an integer.
    @inline(__always)
    private mutating func digits(_ value: Int64) {
        guard value != 0 else { bytes.append(UInt8(ascii: "0")); return }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var n = 0
            while v > 0 {
                buffer[19 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(20 - n)...]))
        }
    }

    @inline(__always)
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            punctuation(UInt8(ascii: ","))
        }
    }

    // MARK: - Scalars

    /// Writes a string value.
    package mutating func value(_ string: String) {
        beginValue()
        quoted(string)
        needsComma = true
    }

    /// Writes an integer value.
    package mutating func value(_ number: Int64) {
        beginValue()
        if number.magnitude <= 1 << 53 {
            digits(number)
        } else {
            var writer = CanonicalJSONWriter(capacity: 32)
            writer.writeNumber(JSONNumber(number))
            bytes.append(contentsOf: writer.bytes)
        }
        needsComma = true
    }

    /// Writes an integer value.
    package mutating func value(_ number: Int) { value(Int64(number)) }

    /// Writes a number value (finite).
    package mutating func value(_ number: Double) {
        beginValue()
        if number == number.rounded(), number.magnitude <= 9_007_199_254_740_992 {
            digits(Int64(number))   // what ECMAScript prints for integral doubles (-0 prints 0)
        } else {
            var writer = CanonicalJSONWriter(capacity: 32)
            writer.writeNumber(JSONNumber(number.isFinite ? number : 0))
            bytes.append(contentsOf: writer.bytes)
        }
        needsComma = true
    }

    /// Writes a Boolean value.
    package mutating func value(_ flag: Bool) {
        beginValue()
        literal(flag ? "true" : "false")
        needsComma = true
    }

    /// Writes a time as its fixed-width RFC 3339 string (formatted in place, no `String`).
    package mutating func value(_ time: Timestamp) {
        beginValue()
        withUnsafeTemporaryAllocation(byteCount: Timestamp.formattedLength + 2, alignment: 1) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            time.write(into: UnsafeMutableRawBufferPointer(rebasing: buffer[1...Timestamp.formattedLength]))
            buffer[Timestamp.formattedLength + 1] = UInt8(ascii: "\"")
            bytes.append(contentsOf: buffer.assumingMemoryBound(to: UInt8.self))
        }
        needsComma = true
    }

    /// Writes embedded JSON verbatim.
    package mutating func value(_ raw: RawJSON) {
        beginValue()
        bytes.append(contentsOf: raw.bytes)
        needsComma = true
    }

    /// Writes a parsed JSON value canonically.
    package mutating func value(_ json: JSONValue) {
        beginValue()
        bytes.append(contentsOf: CanonicalJSONWriter.canonicalBytes(json))
        needsComma = true
    }

    /// Writes `null`.
    package mutating func null() {
        beginValue()
        literal("null")
        needsComma = true
    }

    /// Writes a nested row.
    package mutating func value(_ row: some ProjectionRow) { row.encode(to: &self) }

    /// Writes an array of strings.
    package mutating func value(_ strings: [String]) {
        array { e in for s in strings { e.value(s) } }
    }

    // MARK: - Members (left out when nil)

    package mutating func field(_ name: StaticString, _ v: String?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: Int64?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: Int?) { if let v { key(name); value(Int64(v)) } }
    package mutating func field(_ name: StaticString, _ v: Double?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: Bool?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: Timestamp?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: RawJSON?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: [String]?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: StaticString, _ v: (some ProjectionRow)?) { if let v { key(name); value(v) } }

    /// Writes a member whose value is an object written by `body`.
    package mutating func field(_ name: StaticString, object body: (inout RowEncoder) throws -> Void) rethrows {
        key(name)
        try object(body)
    }

    /// Writes a member whose value is an array written by `body`.
    package mutating func field(_ name: StaticString, array body: (inout RowEncoder) throws -> Void) rethrows {
        key(name)
        try array(body)
    }

    /// Writes a member holding an object of rows keyed by `rows`' keys, in canonical order.
    package mutating func field<Row: ProjectionRow>(_ name: String, map rows: [String: Row]) {
        key(name)
        object { e in
            for k in sortedKeys(rows) {
                e.key(k)
                e.value(rows[k]!)
            }
        }
    }
}

/// `dictionary`'s keys in canonical (UTF-16 code unit) order: the order to write them in.
package func sortedKeys<V>(_ dictionary: [String: V]) -> [String] {
    dictionary.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
}

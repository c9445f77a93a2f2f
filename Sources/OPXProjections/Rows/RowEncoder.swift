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
package struct RowEncoder: ~Copyable {
    /// The output so far: `count` bytes at `base`, with room for `capacity`. A raw buffer written
    /// through its pointer: appending to an `[UInt8]` checks uniqueness and capacity and calls a
    /// copy per piece (a row's comma, quotes, key, colon and value are each a piece), which was a
    /// third of encoding a row.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether ``base`` is the encoder's own allocation (it frees it) or a buffer its creator lent it.
    private var owned: Bool
    private var needsComma = false
    private var afterKey = false
    /// The `needsComma` of the enclosing containers, innermost in the lowest bit (no array to allocate).
    private var commaStack: UInt64 = 0
    private var depth = 0
    #if DEBUG
    private var keyStack: [String?] = []
    #endif

    package init() {
        capacity = 512
        base = .allocate(capacity: capacity)
        owned = true
    }

    /// An encoder writing into `scratch` (lent for the encoder's lifetime) until it needs more room,
    /// then into its own allocation.
    init(scratch: UnsafeMutableBufferPointer<UInt8>) {
        base = scratch.baseAddress!
        capacity = scratch.count
        owned = false
    }

    deinit { if owned { base.deallocate() } }

    /// The bytes written.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written (valid only inside `body`).
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

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
        // `,"key":` in one reservation.
        let n = key.utf8CodeUnitCount
        let p = reserve(n + 4)
        var i = 0
        if needsComma {
            p[0] = UInt8(ascii: ",")
            i = 1
        }
        p[i] = UInt8(ascii: "\"")
        (p + i + 1).initialize(from: key.utf8Start, count: n)
        p[i + n + 1] = UInt8(ascii: "\"")
        p[i + n + 2] = UInt8(ascii: ":")
        count += i + n + 3
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

    // MARK: - Writing bytes

    /// Room for `n` more bytes: where they go. Write them, then add them to `count`.
    @inline(__always)
    private mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(capacity - count < n) { grow(toAtLeast: count + n) }
        return base + count
    }

    @inline(never)
    private mutating func grow(toAtLeast needed: Int) {
        let grown = max(needed, 2 * capacity)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        new.initialize(from: base, count: count)
        if owned { base.deallocate() }
        base = new
        capacity = grown
        owned = true
    }

    @inline(__always)
    private mutating func punctuation(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ start: UnsafePointer<UInt8>?, count n: Int) {
        guard let start, n > 0 else { return }
        reserve(n).initialize(from: start, count: n)
        count += n
    }

    @inline(__always)
    private mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0.baseAddress, count: $0.count) }
    }

    @inline(__always)
    private mutating func literal(_ text: StaticString) { append(text.utf8Start, count: text.utf8CodeUnitCount) }

    /// A quoted string: plain bytes copied at once; anything needing escapes goes through the canonical writer.
    @inline(__always)
    private mutating func quoted(_ string: String) {
        var string = string
        let plain = string.withUTF8 { u -> Bool in
            guard Self.isPlain(u) else { return false }
            let p = reserve(u.count + 2)
            p[0] = UInt8(ascii: "\"")
            if let start = u.baseAddress { (p + 1).initialize(from: start, count: u.count) }
            p[u.count + 1] = UInt8(ascii: "\"")
            count += u.count + 2
            return true
        }
        if !plain {
            var writer = CanonicalJSONWriter(capacity: string.utf8.count + 8)
            writer.writeString(string)
            append(writer.bytes)
        }
    }

    /// Whether `u` holds no byte JSON escapes (a control character, `"` or `\\`), eight bytes at a time.
    ///
    /// Per word `w`, `(w - 0x20…) & ~w & 0x80…` is nonzero exactly when some byte is below 0x20, and
    /// `(x - 0x01…) & ~x & 0x80…` exactly when some byte of `x` is zero: of `w ^ 0x22…` for `"`, of
    /// `w ^ 0x5C…` for `\\`. The first word with one leaves the rest to the byte loop, which decides.
    @inline(__always)
    private static func isPlain(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        if let start = u.baseAddress {
            let raw = UnsafeRawPointer(start)
            while i + 8 <= u.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
                let found = ((w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
                if found != 0 { break }
                i += 8
            }
        }
        while i < u.count {
            let b = u[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            i += 1
        }
        return true
    }

    /// Decimal digits of an integer, written in place from the last.
    @inline(__always)
    private mutating func digits(_ value: Int64) {
        var v = value.magnitude
        var n = value < 0 ? 2 : 1
        var rest = v
        while rest >= 10 {
            rest /= 10
            n += 1
        }
        let p = reserve(n)
        if value < 0 { p[0] = UInt8(ascii: "-") }
        var i = n
        repeat {
            i -= 1
            p[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        } while v > 0
        count += n
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
            append(writer.bytes)
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
            append(writer.bytes)
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
        let n = Timestamp.formattedLength
        let p = reserve(n + 2)
        p[0] = UInt8(ascii: "\"")
        time.write(into: UnsafeMutableRawBufferPointer(start: p + 1, count: n))
        p[n + 1] = UInt8(ascii: "\"")
        count += n + 2
        needsComma = true
    }

    /// Writes embedded JSON verbatim.
    package mutating func value(_ raw: RawJSON) {
        beginValue()
        append(raw.bytes)
        needsComma = true
    }

    /// Writes a parsed JSON value canonically.
    package mutating func value(_ json: JSONValue) {
        beginValue()
        append(CanonicalJSONWriter.canonicalBytes(json))
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
            // Sorted keys, each looked up again: sorting the members as pairs (as
            // ``forEachInCanonicalOrder(_:_:)`` does) moves whole rows and measured no faster.
            for k in sortedKeys(rows) {
                e.key(k)
                e.value(rows[k]!)
            }
        }
    }
}

/// `dictionary`'s keys in canonical (UTF-16 code unit) order: the order to write them in.
package func sortedKeys<V>(_ dictionary: [String: V]) -> [String] {
    dictionary.keys.sorted(by: canonicallyPrecedes)
}

/// Calls `body` with `dictionary`'s members in canonical (UTF-16 code unit) key order.
///
/// The members are sorted as pairs, so writing them hashes no key again (looking each sorted key up
/// hashed it with SipHash); one member needs no sort and no array. For small values (counters, names).
@inline(__always)
func forEachInCanonicalOrder<V>(_ dictionary: [String: V], _ body: (String, V) -> Void) {
    if dictionary.count <= 1 {
        for (k, v) in dictionary { body(k, v) }
    } else {
        for (k, v) in dictionary.sorted(by: { canonicallyPrecedes($0.key, $1.key) }) { body(k, v) }
    }
}

private func canonicallyPrecedes(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }

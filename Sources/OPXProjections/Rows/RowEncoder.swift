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
    private var writer = CanonicalJSONWriter(capacity: 256)
    private var needsComma = false
    private var afterKey = false
    private var commaStack: [Bool] = []
    #if DEBUG
    private var keyStack: [String?] = []
    #endif

    package init() {}

    /// The JSON written so far.
    package var bytes: [UInt8] { writer.bytes }

    // MARK: - Containers

    /// Writes an object whose members `body` writes.
    package mutating func object(_ body: (inout RowEncoder) throws -> Void) rethrows {
        beginValue()
        writer.writeRaw(CollectionOfOne(UInt8(ascii: "{")))
        commaStack.append(needsComma)
        needsComma = false
        #if DEBUG
        keyStack.append(nil)
        #endif
        try body(&self)
        #if DEBUG
        keyStack.removeLast()
        #endif
        needsComma = commaStack.removeLast()
        writer.writeRaw(CollectionOfOne(UInt8(ascii: "}")))
        needsComma = true
    }

    /// Writes an array whose elements `body` writes.
    package mutating func array(_ body: (inout RowEncoder) throws -> Void) rethrows {
        beginValue()
        writer.writeRaw(CollectionOfOne(UInt8(ascii: "[")))
        commaStack.append(needsComma)
        needsComma = false
        try body(&self)
        needsComma = commaStack.removeLast()
        writer.writeRaw(CollectionOfOne(UInt8(ascii: "]")))
        needsComma = true
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
        if needsComma { writer.writeRaw(CollectionOfOne(UInt8(ascii: ","))) }
        writer.writeString(key)
        writer.writeRaw(CollectionOfOne(UInt8(ascii: ":")))
        afterKey = true
    }

    @inline(__always)
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            writer.writeRaw(CollectionOfOne(UInt8(ascii: ",")))
        }
    }

    // MARK: - Scalars

    /// Writes a string value.
    package mutating func value(_ string: String) {
        beginValue()
        writer.writeString(string)
        needsComma = true
    }

    /// Writes an integer value.
    package mutating func value(_ number: Int64) {
        beginValue()
        writer.writeNumber(JSONNumber(number))
        needsComma = true
    }

    /// Writes an integer value.
    package mutating func value(_ number: Int) { value(Int64(number)) }

    /// Writes a number value (finite).
    package mutating func value(_ number: Double) {
        beginValue()
        writer.writeNumber(JSONNumber(number.isFinite ? number : 0))
        needsComma = true
    }

    /// Writes a Boolean value.
    package mutating func value(_ flag: Bool) {
        beginValue()
        writer.writeRaw(flag ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }

    /// Writes a time as its fixed-width RFC 3339 string.
    package mutating func value(_ time: Timestamp) { value(time.description) }

    /// Writes embedded JSON verbatim.
    package mutating func value(_ raw: RawJSON) {
        beginValue()
        writer.writeRaw(raw.bytes)
        needsComma = true
    }

    /// Writes a parsed JSON value canonically.
    package mutating func value(_ json: JSONValue) {
        beginValue()
        writer.write(json)
        needsComma = true
    }

    /// Writes `null`.
    package mutating func null() {
        beginValue()
        writer.writeRaw(Array("null".utf8))
        needsComma = true
    }

    /// Writes a nested row.
    package mutating func value(_ row: some ProjectionRow) { row.encode(to: &self) }

    /// Writes an array of strings.
    package mutating func value(_ strings: [String]) {
        array { e in for s in strings { e.value(s) } }
    }

    // MARK: - Members (left out when nil)

    package mutating func field(_ name: String, _ v: String?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: Int64?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: Int?) { if let v { key(name); value(Int64(v)) } }
    package mutating func field(_ name: String, _ v: Double?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: Bool?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: Timestamp?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: RawJSON?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: [String]?) { if let v { key(name); value(v) } }
    package mutating func field(_ name: String, _ v: (some ProjectionRow)?) { if let v { key(name); value(v) } }

    /// Writes a member whose value is an object written by `body`.
    package mutating func field(_ name: String, object body: (inout RowEncoder) throws -> Void) rethrows {
        key(name)
        try object(body)
    }

    /// Writes a member whose value is an array written by `body`.
    package mutating func field(_ name: String, array body: (inout RowEncoder) throws -> Void) rethrows {
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

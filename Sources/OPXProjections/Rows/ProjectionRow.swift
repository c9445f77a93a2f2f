package import OPXEvents

/// A value stored in a projection row: written as canonical JSON, read back from it.
///
/// Rows are written only by folds and read back only by the same projection version, so a row
/// that does not decode means a damaged store or a projection whose layout changed without a
/// version bump.
package protocol ProjectionRow: Sendable {
    /// Writes the row's canonical JSON.
    func encode(to encoder: inout RowEncoder)
    /// Reads a row back from its JSON.
    init(row: RowDecoder) throws(RowDecodingError)
}

extension ProjectionRow {
    /// The row's canonical JSON bytes.
    package var canonicalBytes: [UInt8] {
        var encoder = RowEncoder()
        encode(to: &encoder)
        return encoder.bytes
    }

    /// The row as a parsed JSON value (for output and diffs).
    package var json: JSONValue { (try? JSONParser.parse(canonicalBytes)) ?? .null }
}

/// A row that is any JSON value, kept as written.
package struct JSONRow: ProjectionRow, Hashable {
    package var value: JSONValue
    package init(_ value: JSONValue) { self.value = value }
    package func encode(to encoder: inout RowEncoder) { encoder.value(value) }
    package init(row: RowDecoder) { value = row.value }
}

/// A row with no content: index entries whose key says everything.
package struct MarkerRow: ProjectionRow, Hashable {
    package init() {}
    package func encode(to encoder: inout RowEncoder) { encoder.object { _ in } }
    package init(row: RowDecoder) {}
}

/// Why a stored row could not be read back.
package struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Typed access to a stored row's JSON.
package struct RowDecoder {
    /// The row's JSON.
    package let value: JSONValue

    package init(_ value: JSONValue) { self.value = value }

    private func member(_ key: String) -> JSONValue? {
        guard let m = value[key], !m.isNull else { return nil }
        return m
    }

    private func wrong(_ key: String, _ expected: String) -> RowDecodingError {
        RowDecodingError("field \"\(key)\" is missing or not \(expected)")
    }

    package func string(_ key: String) throws(RowDecodingError) -> String {
        guard let s = member(key)?.stringValue else { throw wrong(key, "a string") }
        return s
    }
    package func optionalString(_ key: String) -> String? { member(key)?.stringValue }

    package func int(_ key: String) throws(RowDecodingError) -> Int64 {
        guard let n = member(key)?.int64Value else { throw wrong(key, "an integer") }
        return n
    }
    package func optionalInt(_ key: String) -> Int64? { member(key)?.int64Value }
    package func int(_ key: String, default fallback: Int64) -> Int64 { member(key)?.int64Value ?? fallback }

    package func double(_ key: String, default fallback: Double = 0) -> Double { member(key)?.doubleValue ?? fallback }
    package func optionalDouble(_ key: String) -> Double? { member(key)?.doubleValue }

    package func bool(_ key: String, default fallback: Bool = false) -> Bool { member(key)?.boolValue ?? fallback }
    package func optionalBool(_ key: String) -> Bool? { member(key)?.boolValue }

    package func time(_ key: String) throws(RowDecodingError) -> Timestamp {
        guard let t = optionalTime(key) else { throw wrong(key, "an RFC 3339 time") }
        return t
    }
    package func optionalTime(_ key: String) -> Timestamp? {
        guard let s = member(key)?.stringValue else { return nil }
        return try? Timestamp(rfc3339: s)
    }

    package func raw(_ key: String) -> RawJSON? { member(key).map(RawJSON.init) }

    package func strings(_ key: String) -> [String] { member(key)?.arrayValue?.compactMap(\.stringValue) ?? [] }

    package func nested(_ key: String) -> RowDecoder? { member(key).map(RowDecoder.init) }

    package func row<R: ProjectionRow>(_ key: String, as type: R.Type) throws(RowDecodingError) -> R? {
        guard let m = member(key) else { return nil }
        return try R(row: RowDecoder(m))
    }

    package func rows<R: ProjectionRow>(_ key: String, as type: R.Type) throws(RowDecodingError) -> [R] {
        guard let items = member(key)?.arrayValue else { return [] }
        var out: [R] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try R(row: RowDecoder(item))) }
        return out
    }

    package func map<R: ProjectionRow>(_ key: String, as type: R.Type) throws(RowDecodingError) -> [String: R] {
        guard let object = member(key)?.objectValue else { return [:] }
        var out: [String: R] = [:]
        for (k, v) in object.members { out[k] = try R(row: RowDecoder(v)) }
        return out
    }
}

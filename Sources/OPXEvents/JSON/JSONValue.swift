/// A parsed JSON value.
///
/// `JSONValue` is the in-memory form that ``JSONParser`` produces and ``CanonicalJSONWriter`` consumes. Two values
/// are equal when their RFC 8785 canonical forms are equal: strings compare by their exact Unicode scalars (not by
/// Swift's canonical equivalence), numbers compare by value (`1`, `1.0`, and `1e0` are equal), and object members
/// compare regardless of the order they were written in.
///
/// ```swift
/// let event = try JSONParser.parse(#"{"type":"investigation.opened","data":{"id":7}}"#)
/// let id = event["data"]?["id"]?.int64Value   // 7
/// ```
package enum JSONValue: Sendable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number, kept as precisely as RFC 8785 needs.
    case number(JSONNumber)
    /// A string of Unicode scalars; JSON text containing lone surrogates is rejected before it gets here.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An object whose members are unique and kept in RFC 8785 key order.
    case object(JSONObject)
}

extension JSONValue: Hashable {
    /// Returns whether two values have the same canonical form.
    ///
    /// Strings compare by their UTF-8 bytes, so `"é"` (U+00E9) and `"e\u{301}"` are different values, as they are
    /// in JSON.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): UTF16CodeUnitOrder.equal(a, b)
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        default: false
        }
    }

    /// Hashes the value consistently with ``==(_:_:)``.
    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2 as UInt8)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(3 as UInt8)
            UTF16CodeUnitOrder.hash(value, into: &hasher)
        case .array(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)
        case .object(let value):
            hasher.combine(5 as UInt8)
            hasher.combine(value)
        }
    }
}

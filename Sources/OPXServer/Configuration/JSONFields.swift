import Foundation
import OPXEvents

/// A field that is missing, of the wrong type or out of range, at a JSON Pointer.
struct FieldError: Error, Sendable {
    /// The RFC 6901 pointer of the field.
    let pointer: String
    /// What was wrong and what is expected.
    let message: String
    /// True when the field is over a size limit (answered 413 rather than 400).
    var overLimit = false
}

/// Typed access to one JSON object's members, each error naming the member's JSON Pointer.
///
/// Used for request bodies and for the `server` configuration section alike.
struct JSONFields {
    let object: JSONObject
    /// The pointer of the object itself (`""` for the document root).
    let pointer: String

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, at pointer: String) throws(FieldError) {
        guard let object = value.objectValue else { throw FieldError(pointer: pointer, message: "must be a JSON object") }
        self.object = object
        self.pointer = pointer
    }

    /// Refuses members not in `allowed`.
    func onlyKnown(_ allowed: Set<String>) throws(FieldError) {
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw FieldError(pointer: path(unknown), message: "unknown field \"\(unknown.prefix(60))\"; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// The pointer of member `key`.
    func path(_ key: String) -> String {
        pointer + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// A string member, `nil` when absent.
    func string(_ key: String) throws(FieldError) -> String? {
        guard let value = object[key] else { return nil }
        guard let string = value.stringValue else { throw FieldError(pointer: path(key), message: "must be a string") }
        return string
    }

    /// An integer member within `range`, `nil` when absent.
    func integer(_ key: String, in range: ClosedRange<Int64>) throws(FieldError) -> Int64? {
        guard let value = object[key] else { return nil }
        guard let number = value.int64Value, range.contains(number) else {
            throw FieldError(pointer: path(key), message: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A number member within `range`, `nil` when absent.
    func number(_ key: String, in range: ClosedRange<Double>) throws(FieldError) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw FieldError(pointer: path(key), message: "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An array-of-strings member, `nil` when absent.
    func strings(_ key: String) throws(FieldError) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let array = value.arrayValue else { throw FieldError(pointer: path(key), message: "must be an array of strings") }
        var out: [String] = []
        for (index, item) in array.enumerated() {
            guard let string = item.stringValue else { throw FieldError(pointer: "\(path(key))/\(index)", message: "must be a string") }
            out.append(string)
        }
        return out
    }

    /// A nested object member, `nil` when absent.
    func fields(_ key: String) throws(FieldError) -> JSONFields? {
        guard let value = object[key] else { return nil }
        return try JSONFields(value, at: path(key))
    }
}

import Foundation
import OPXEvents

/// A tolerant view of one JSON value in a payload, remembering its JSON Pointer for error messages.
///
/// Optional fields that are missing, `null`, empty or of an unexpected type read as `nil`; only the fields an
/// adapter cannot do without are required, and those fail with ``IngestError`` naming the pointer.
struct PayloadReader {
    /// The value.
    let value: JSONValue
    /// Its JSON Pointer in the request body (`""` for the root).
    let pointer: String

    /// Reads the document root.
    init(root: JSONValue) {
        self.init(value: root, pointer: "")
    }

    init(value: JSONValue, pointer: String) {
        self.value = value
        self.pointer = pointer
    }

    /// The member `key`, when the value is an object that has it (and it is not `null`).
    subscript(key: String) -> PayloadReader? {
        guard let member = value[key], !member.isNull else { return nil }
        return PayloadReader(value: member, pointer: pointer + "/" + Self.escape(key))
    }

    /// The pointer of member `key`, whether or not it exists.
    func pointer(_ key: String) -> String { pointer + "/" + Self.escape(key) }

    /// A non-empty string member; numbers and booleans are written as text.
    func string(_ key: String) -> String? {
        guard let member = self[key] else { return nil }
        return member.text
    }

    /// The value as non-empty text: strings as they are, numbers and booleans written out.
    var text: String? {
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return number.description
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// A required non-empty string member.
    ///
    /// - Throws: ``IngestError`` (422) naming the member and what the adapter expects.
    func requiredString(_ key: String, _ what: String) throws(IngestError) -> String {
        guard let text = string(key) else {
            throw .invalid(pointer(key), "\(what) is missing or empty; it must be a non-empty string")
        }
        return text
    }

    /// The value as an object reader, or `nil` when it is not an object.
    var object: JSONObject? { value.objectValue }

    /// The members of an array member as readers; `nil` when absent or not an array.
    func array(_ key: String) -> [PayloadReader]? {
        guard let member = self[key], let items = member.value.arrayValue else { return nil }
        return items.enumerated().map { PayloadReader(value: $1, pointer: member.pointer + "/\($0)") }
    }

    /// An object member as a string map (see ``stringMapValue``).
    func stringMap(_ key: String) -> [String: String]? {
        self[key]?.stringMapValue
    }

    /// The value as a string map: non-string scalars are written as text, nested values as JSON, empty keys
    /// dropped; `nil` when not an object, or empty.
    var stringMapValue: [String: String]? {
        guard let object = value.objectValue else { return nil }
        var map: [String: String] = [:]
        map.reserveCapacity(object.members.count)   // grown one entry at a time, it was rehashed at each doubling
        for (name, member) in object.members where !name.isEmpty {
            switch member {
            case .null: continue
            case .string(let text): map[name] = text
            case .number, .bool: map[name] = PayloadReader(value: member, pointer: "").text
            case .array, .object: map[name] = String(decoding: CanonicalJSONWriter.canonicalBytes(member), as: UTF8.self)
            }
        }
        return map.isEmpty ? nil : map
    }

    /// A time member in any form ``LenientTime`` reads; `nil` when absent, unreadable or Go's zero time.
    func time(_ key: String) -> Timestamp? {
        guard let member = self[key] else { return nil }
        return LenientTime.parse(member.value)
    }

    /// The value's canonical JSON bytes: the same for every re-send of the same content, whatever its whitespace
    /// or key order.
    var canonicalBytes: [UInt8] { CanonicalJSONWriter.canonicalBytes(value) }

    /// Escapes a key for a JSON Pointer (RFC 6901).
    static func escape(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

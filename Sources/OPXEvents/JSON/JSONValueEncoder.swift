import Foundation

/// Encodes an `Encodable` value straight into a ``JSONValue``, without JSON text in between.
///
/// It gives the same JSON as Foundation's `JSONEncoder` with its default strategies followed by ``JSONParser``
/// (the path it replaces, several times slower): absent optionals are omitted, `Decimal` becomes the number its
/// description spells, `Data` base64 text, `URL` its absolute string, `Date` its own encoding (seconds since 2001),
/// a value that encodes nothing an empty object, and a non-finite floating-point number is an error.
///
/// ```swift
/// let payload = try JSONValueEncoder.encode(opened)   // .object([...])
/// ```
package enum JSONValueEncoder {
    /// The JSON form of `value`.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or a `Decimal` that is not a number.
    package static func encode(_ value: some Encodable) throws -> JSONValue {
        if let scalar = try Scalar.json(value, at: []) { return scalar }
        let encoder = ValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.slot.json
    }
}

/// What an encoder or a container member holds until the whole value is encoded.
private enum Slot {
    case empty
    case value(JSONValue)
    case object(ObjectNode)
    case array(ArrayNode)
    case encoder(ValueEncoder)

    var json: JSONValue {
        switch self {
        case .empty: return .object(JSONObject())
        case .value(let value): return value
        case .object(let node): return node.json
        case .array(let node): return .array(node.elements.map(\.json))
        case .encoder(let encoder): return encoder.slot.json
        }
    }
}

/// An object being filled; containers share it by reference, as the `Encoder` protocol expects.
private final class ObjectNode {
    /// In encoding order; a key encoded again replaces the earlier value when the object is finished.
    private var members: [(key: String, slot: Slot)] = []

    func set(_ key: String, _ slot: Slot) {
        members.append((key, slot))
    }

    var json: JSONValue {
        let order = members.indices.sorted { left, right in
            let result = UTF16CodeUnitOrder.compare(members[left].key, members[right].key)
            return result < 0 || (result == 0 && left < right)
        }
        var sorted: [JSONObject.Member] = []
        sorted.reserveCapacity(members.count)
        for index in order {
            let member = JSONObject.Member(key: members[index].key, value: members[index].slot.json)
            if let last = sorted.last, last.key == member.key { sorted[sorted.count - 1] = member } else { sorted.append(member) }
        }
        return .object(JSONObject(uncheckedSortedMembers: sorted))
    }
}

/// An array being filled.
private final class ArrayNode {
    var elements: [Slot] = []
}

/// The values encoded without a container of their own (the `JSONEncoder` special cases included).
private enum Scalar {
    /// `value` as JSON when it is a scalar; `nil` when it encodes itself through containers.
    ///
    /// Compares metatypes first: a failed dynamic cast per candidate type would cost more than the encoding.
    static func json<T: Encodable>(_ value: T, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue? {
        let type = T.self
        if type == String.self { return .string(value as! String) }
        if type == Bool.self { return .bool(value as! Bool) }
        if type == Int.self { return .number(JSONNumber(Int64(value as! Int))) }
        if type == Double.self { return try number(value as! Double, value, path()) }
        if type == Int64.self { return .number(JSONNumber(value as! Int64)) }
        if type == Decimal.self { return try number(value as! Decimal, path()) }
        if type == JSONValue.self { return value as? JSONValue }
        if type == JSONObject.self { return .object(value as! JSONObject) }
        if type == Int32.self { return .number(JSONNumber(Int64(value as! Int32))) }
        if type == UInt64.self { return unsigned(value as! UInt64) }
        if type == UInt.self { return unsigned(UInt64(value as! UInt)) }
        if type == UInt32.self { return .number(JSONNumber(Int64(value as! UInt32))) }
        if type == Int16.self { return .number(JSONNumber(Int64(value as! Int16))) }
        if type == UInt16.self { return .number(JSONNumber(Int64(value as! UInt16))) }
        if type == Int8.self { return .number(JSONNumber(Int64(value as! Int8))) }
        if type == UInt8.self { return .number(JSONNumber(Int64(value as! UInt8))) }
        if type == Float.self {
            let float = value as! Float
            return try number(Double("\(float)") ?? Double(float), value, path())
        }
        if type == Data.self { return .string((value as! Data).base64EncodedString()) }
        if type == URL.self { return .string((value as! URL).absoluteString) }
        return nil
    }

    static func number(_ double: Double, _ value: Any, _ path: [any CodingKey]) throws -> JSONValue {
        guard double.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: path, debugDescription: "Unable to encode \(double) directly in JSON."))
        }
        return .number(JSONNumber(double))
    }

    static func number(_ decimal: Decimal, _ path: [any CodingKey]) throws -> JSONValue {
        guard let number = JSONNumber(decimal: decimal) else {
            throw EncodingError.invalidValue(decimal, EncodingError.Context(codingPath: path, debugDescription: "Unable to encode Decimal \(decimal) directly in JSON."))
        }
        return .number(number)
    }

    static func unsigned(_ integer: UInt64) -> JSONValue {
        integer <= UInt64(Int64.max) ? .number(JSONNumber(Int64(integer))) : .number(JSONNumber(double: Double(integer), integer: nil))
    }

    /// The slot for `value` encoded at `path`: the scalar itself, or a nested encoder holding what it encoded.
    static func slot(_ value: some Encodable, at path: @autoclosure () -> [any CodingKey]) throws -> Slot {
        if let json = try json(value, at: path()) { return .value(json) }
        let encoder = ValueEncoder(codingPath: path())
        try value.encode(to: encoder)
        return .encoder(encoder)
    }
}

/// The `Encoder` for one value.
private final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var slot = Slot.empty

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let node) = slot { return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath)) }
        let node = ObjectNode()
        slot = .object(node)
        return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let node) = slot { return UnkeyedContainer(node: node, codingPath: codingPath) }
        let node = ArrayNode()
        slot = .array(node)
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: ObjectNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.set(key.stringValue, .value(.null))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try Scalar.slot(value, at: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        node.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        node.set(key.stringValue, .array(nested))
        return UnkeyedContainer(node: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: JSONCodingKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let encoder = ValueEncoder(codingPath: codingPath + [key])
        node.set(key.stringValue, .encoder(encoder))
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: ArrayNode
    let codingPath: [any CodingKey]
    var count: Int { node.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONCodingKey(index: node.elements.count)] }

    mutating func encodeNil() throws {
        node.elements.append(.value(.null))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.elements.append(try Scalar.slot(value, at: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode(), path = nextPath
        node.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode(), path = nextPath
        node.elements.append(.array(nested))
        return UnkeyedContainer(node: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = ValueEncoder(codingPath: nextPath)
        node.elements.append(.encoder(encoder))
        return encoder
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.slot = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.slot = try Scalar.slot(value, at: codingPath)
    }
}

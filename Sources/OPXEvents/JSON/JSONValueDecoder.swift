import Foundation

/// Decodes a `Decodable` value straight from a ``JSONValue``, without JSON text in between.
///
/// It accepts what Foundation's `JSONDecoder` with its default strategies accepts from the value's canonical text
/// (the path it replaces, several times slower): integers must fit their type exactly, `Decimal` is read from
/// the number, `Data` from base64 text, `URL` from a string; extra members are ignored. Errors are
/// `DecodingError`s with the coding path of the member that did not fit.
///
/// ```swift
/// let opened = try JSONValueDecoder.decode(IncidentOpened.self, from: payload)
/// ```
package enum JSONValueDecoder {
    /// `T` decoded from `value`.
    /// - Throws: `DecodingError` naming the coding path and what was expected.
    package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try unbox(value, as: type, at: [])
    }

    static func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: @autoclosure () -> [any CodingKey]) throws -> T {
        if let scalar = try Unboxing.scalar(value, as: type, at: path()) { return scalar }
        return try T(from: ValueDecoder(value: value, codingPath: path()))
    }
}

/// The values decoded without a container (the `JSONDecoder` special cases included).
private enum Unboxing {
    /// `value` as `T` when `T` is a scalar type; `nil` when `T` decodes itself through containers.
    static func scalar<T>(_ value: JSONValue, as type: T.Type, at path: @autoclosure () -> [any CodingKey]) throws -> T? {
        if type == String.self { return try string(value, path()) as? T }
        if type == Int.self { return try integer(value, Int.self, path()) as? T }
        if type == Bool.self { return try bool(value, path()) as? T }
        if type == Double.self { return try number(value, Double.self, path()).double as? T }
        if type == Int64.self { return try integer(value, Int64.self, path()) as? T }
        if type == Decimal.self { return try decimal(value, path()) as? T }
        if type == JSONValue.self { return value as? T }
        if type == JSONObject.self { return try object(value, JSONObject.self, path()) as? T }
        if type == Int32.self { return try integer(value, Int32.self, path()) as? T }
        if type == UInt64.self { return try integer(value, UInt64.self, path()) as? T }
        if type == UInt.self { return try integer(value, UInt.self, path()) as? T }
        if type == UInt32.self { return try integer(value, UInt32.self, path()) as? T }
        if type == Int16.self { return try integer(value, Int16.self, path()) as? T }
        if type == UInt16.self { return try integer(value, UInt16.self, path()) as? T }
        if type == Int8.self { return try integer(value, Int8.self, path()) as? T }
        if type == UInt8.self { return try integer(value, UInt8.self, path()) as? T }
        if type == Float.self { return Float(try number(value, Float.self, path()).double) as? T }
        if type == Data.self { return try data(value, path()) as? T }
        if type == URL.self { return try url(value, path()) as? T }
        return nil
    }

    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, path()) }
        return string
    }

    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path()) }
        return flag
    }

    static func number(_ value: JSONValue, _ type: Any.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONNumber {
        guard case .number(let number) = value else { throw mismatch(type, value, path()) }
        return number
    }

    static func object(_ value: JSONValue, _ type: Any.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONObject {
        guard case .object(let object) = value else { throw mismatch(type, value, path()) }
        return object
    }

    static func array(_ value: JSONValue, _ type: Any.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> [JSONValue] {
        guard case .array(let elements) = value else { throw mismatch(type, value, path()) }
        return elements
    }

    static func integer<I: FixedWidthInteger>(_ value: JSONValue, _ type: I.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> I {
        let number = try number(value, type, path())
        if let integer = number.integer, let exact = I(exactly: integer) { return exact }
        if number.integer == nil, let exact = I(exactly: number.double) { return exact }
        throw DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in \(I.self)."))
    }

    static func decimal(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Decimal {
        let number = try number(value, Decimal.self, path())
        guard let decimal = Decimal(string: number.description, locale: Locale(identifier: "en_US_POSIX")) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in Decimal."))
        }
        return decimal
    }

    static func data(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Data {
        guard let data = Data(base64Encoded: try string(value, path())) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "Encountered Data is not valid Base64."))
        }
        return data
    }

    static func url(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> URL {
        guard let url = URL(string: try string(value, path())) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "Invalid URL string."))
        }
        return url
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, DecodingError.Context(codingPath: path(), debugDescription: "Cannot get \(type) -- found null value instead"))
        }
        return .typeMismatch(type, DecodingError.Context(codingPath: path(), debugDescription: "Expected to decode \(type) but found \(kind(of: value)) instead."))
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }
}

/// The `Decoder` for one value.
private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedContainer<Key>(object: try Unboxing.object(value, [String: Any].self, codingPath), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedContainer(elements: try Unboxing.array(value, [Any].self, codingPath), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        object[key.stringValue] != nil
    }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.unbox(try member(key), as: type, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: object[JSONCodingKey.superKey.stringValue] ?? .null, codingPath: codingPath + [JSONCodingKey.superKey])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> (JSONValue, [any CodingKey]) {
        let path = codingPath + [JSONCodingKey(index: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try JSONValueDecoder.unbox(value, as: type, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next(KeyedDecodingContainer<NestedKey>.self)
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next((any UnkeyedDecodingContainer).self)
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next((any Decoder).self)
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.unbox(value, as: type, at: codingPath)
    }
}

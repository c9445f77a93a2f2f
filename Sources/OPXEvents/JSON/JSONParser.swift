/// A strict RFC 8259 JSON parser over bytes, built for the append, hashing, and fold hot paths.
///
/// The parser accepts exactly one value with optional surrounding whitespace and rejects everything RFC 8259
/// leaves out or RFC 8785 cannot represent: trailing commas, leading zeros, `NaN`, numbers that overflow a double,
/// unescaped control characters, invalid escapes, lone surrogates, invalid UTF-8, and duplicate object keys. It
/// never recurses, so no input can overflow the stack, and it enforces ``JSONLimits`` as it goes.
///
/// ```swift
/// let value = try JSONParser.parse(#"{"id":7,"tags":["a","b"]}"#)
/// let canonical = CanonicalJSONWriter.canonicalBytes(value)
/// ```
package enum JSONParser {
    /// Parses a JSON document from raw bytes.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text. The parser reads it only during the call.
    ///   - limits: Resource limits to enforce.
    /// - Returns: The document's value.
    /// - Throws: ``JSONParseError`` with the byte offset and JSON Pointer of the first problem.
    package static func parse(
        _ bytes: UnsafeRawBufferPointer,
        limits: JSONLimits = .default
    ) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(byteOffset: 0, pointer: "", message: "unexpected end of input, expected a value")
        }
        var scanner = JSONScanner(
            base: base.assumingMemoryBound(to: UInt8.self),
            count: bytes.count,
            limits: limits
        )
        return try scanner.parseDocument()
    }

    /// Parses a JSON document from a byte array.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text.
    ///   - limits: Resource limits to enforce.
    /// - Returns: The document's value.
    /// - Throws: ``JSONParseError`` with the byte offset and JSON Pointer of the first problem.
    package static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Parses a JSON document from a string's UTF-8 form.
    ///
    /// - Parameters:
    ///   - string: JSON text.
    ///   - limits: Resource limits to enforce.
    /// - Returns: The document's value.
    /// - Throws: ``JSONParseError`` with the byte offset (into `string.utf8`) and JSON Pointer of the first problem.
    package static func parse(_ string: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        var string = string
        let result = string.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        return try result.get()
    }
}

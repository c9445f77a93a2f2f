/// Writes RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript string escaping and number text.
///
/// Equal ``JSONValue``s always produce identical bytes, so the output is safe to hash and compare. The writer can
/// also build canonical text piece by piece with ``writeRaw(_:)-(UnsafeRawBufferPointer)`` for pre-canonicalized
/// fragments.
///
/// ```swift
/// let bytes = CanonicalJSONWriter.canonicalBytes(["b": [1, 2.5], "a": "x"])
/// // {"a":"x","b":[1,2.5]}
/// ```
package struct CanonicalJSONWriter: Sendable {
    /// The canonical JSON written so far.
    package private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    ///
    /// - Parameter capacity: Bytes to reserve up front.
    package init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Returns a value's canonical JSON.
    ///
    /// - Parameter value: The value to write.
    /// - Returns: The RFC 8785 canonical UTF-8 bytes.
    package static func canonicalBytes(_ value: JSONValue) -> [UInt8] {
        var writer = CanonicalJSONWriter(capacity: 256)
        writer.write(value)
        return writer.bytes
    }

    /// Returns a string quoted and escaped the canonical way, for messages.
    static func quoted(_ string: String) -> String {
        var writer = CanonicalJSONWriter(capacity: string.utf8.count + 2)
        writer.writeString(string)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends a value's canonical JSON.
    ///
    /// - Parameter value: The value to write; object members are already in canonical order.
    package mutating func write(_ value: borrowing JSONValue) {
        switch value {
        case .null:
            appendASCII("null")
        case .bool(let flag):
            appendASCII(flag ? "true" : "false")
        case .number(let number):
            writeNumber(number)
        case .string(let string):
            JSONStringEscaper.appendQuoted(string, to: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            elements.withUnsafeBufferPointer { elements in
                for index in elements.indices {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    write(elements[index])
                }
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.storage.isEmpty {
                appendASCII("{}")
                return
            }
            object.storage.withUnsafeBufferPointer { members in
                for index in members.indices {
                    let separator = index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")
                    JSONStringEscaper.appendQuoted(
                        members[index].key,
                        before: separator,
                        after: UInt8(ascii: ":"),
                        to: &bytes
                    )
                    write(members[index].value)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a string in quotes, escaped as ECMAScript's `JSON.stringify` does.
    ///
    /// `"` and `\` are escaped, as are control characters (`\b`, `\t`, `\n`, `\f`, `\r`, otherwise `\u00xx` in
    /// lowercase hex). Everything else, including DEL, U+2028, U+2029, and all non-ASCII, is written as UTF-8.
    ///
    /// - Parameter string: The string to write.
    package mutating func writeString(_ string: String) {
        JSONStringEscaper.appendQuoted(string, to: &bytes)
    }

    /// Appends a number as ECMAScript's `Number.prototype.toString` prints it (RFC 8785 section 3.2.2.3).
    ///
    /// Integers up to 2^53 in magnitude print as their digits. Everything else prints the shortest decimal that
    /// round-trips to the double, in fixed notation when 1e-7 <= |x| < 1e21 (`0.000001`, `100000000000000000000`)
    /// and in exponent form otherwise (`1e-7`, `1.5e+21`); `-0` prints `0`.
    ///
    /// - Parameter number: The number to write.
    package mutating func writeNumber(_ number: JSONNumber) {
        ECMAScriptNumberFormatter.append(number, to: &bytes)
    }

    /// Appends bytes unchanged; the caller is responsible for them being canonical JSON in context.
    ///
    /// - Parameter raw: The bytes to append.
    package mutating func writeRaw(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends bytes unchanged; the caller is responsible for them being canonical JSON in context.
    ///
    /// A concrete overload: the generic one is not specialised across modules and would append byte by byte.
    package mutating func writeRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends bytes unchanged; the caller is responsible for them being canonical JSON in context.
    ///
    /// - Parameter raw: The bytes to append; read only during the call.
    package mutating func writeRaw(_ raw: UnsafeRawBufferPointer) {
        // A typed buffer appends with one memcpy; a raw buffer would append byte by byte.
        bytes.append(contentsOf: raw.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

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
    package mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            appendASCII("null")
        case .bool(let flag):
            appendASCII(flag ? "true" : "false")
        case .number(let number):
            writeNumber(number)
        case .string(let string):
            writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in object.storage.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
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
        var string = string
        string.withUTF8 { appendEscaped($0) }
    }

    /// Appends bytes unchanged; the caller is responsible for them being canonical JSON in context.
    ///
    /// - Parameter raw: The bytes to append.
    package mutating func writeRaw(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends bytes unchanged; the caller is responsible for them being canonical JSON in context.
    ///
    /// - Parameter raw: The bytes to append; read only during the call.
    package mutating func writeRaw(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
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

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                bytes.append(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(hexDigits.utf8Start[Int(byte >> 4)])
                bytes.append(hexDigits.utf8Start[Int(byte & 0x0F)])
            }
        }
        if runStart < utf8.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

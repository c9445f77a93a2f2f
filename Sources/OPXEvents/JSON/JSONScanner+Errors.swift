extension JSONScanner {
    /// Builds an error at a byte offset, with the JSON Pointer of where the scanner is.
    ///
    /// - Parameters:
    ///   - message: What went wrong.
    ///   - offset: The offending byte; the current position by default.
    ///   - inMember: Whether the innermost array's pointer should name the element being parsed (`true` while
    ///     parsing a value) or only the array (`false` between elements). Objects name a member exactly when its key
    ///     has been read and its value has not finished.
    func fail(_ message: String, at offset: Int? = nil, inMember: Bool = true) -> JSONParseError {
        JSONParseError(byteOffset: offset ?? position, pointer: pointer(inMember: inMember), message: message)
    }

    /// The JSON Pointer of the container or member being parsed, rebuilt from the container stack.
    func pointer(inMember: Bool) -> String {
        var pointer = ""
        for depth in 0..<frames.count {
            let frame = frames[depth]
            let isInnermost = depth == frames.count - 1
            let valueEnd = isInnermost ? values.count : frames[depth + 1].valueStart
            if frame.isObject {
                let keyEnd = isInnermost ? keys.count : frames[depth + 1].keyStart
                if keyEnd - frame.keyStart > valueEnd - frame.valueStart {
                    pointer = JSONPointer.appending(pointer, keys[keyEnd - 1].string)
                }
            } else if !isInnermost || inMember {
                pointer = JSONPointer.appending(pointer, index: valueEnd - frame.valueStart)
            }
        }
        return pointer
    }

    /// Describes the byte at the current position for an error message: `'x'`, `byte 0xFF`, or `end of input`.
    func found(at offset: Int? = nil) -> String {
        let offset = offset ?? position
        guard offset < end else { return "end of input" }
        return Self.describe(byte: base[offset])
    }

    /// Describes a byte: printable ASCII in quotes, anything else in hex.
    static func describe(byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        switch byte {
        case 0x20: return "space"
        case 0x09: return "tab"
        case 0x0A: return "line feed"
        case 0x0D: return "carriage return"
        default: return "byte 0x\(hex(byte))"
        }
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// The error for a byte that cannot start a value, naming the common non-JSON spellings.
    func unexpectedValueStart() -> JSONParseError {
        func hasPrefix(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard end - position >= bytes.count else { return false }
            return bytes.indices.allSatisfy { base[position + $0] == bytes[$0] }
        }
        if hasPrefix("NaN") || hasPrefix("Infinity") {
            return fail("NaN and Infinity are not valid JSON numbers")
        }
        switch base[position] {
        case UInt8(ascii: "+"):
            return fail("a number cannot start with '+'")
        case UInt8(ascii: "."):
            return fail("a number needs a digit before the decimal point")
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ":"):
            return fail("expected a value, found \(found())")
        default:
            return fail("unexpected \(found()), expected a value")
        }
    }
}

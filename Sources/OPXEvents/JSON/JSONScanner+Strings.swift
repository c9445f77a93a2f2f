extension JSONScanner {
    // MARK: - Strings

    /// Reads a string starting at its opening quote and leaves the position after the closing quote.
    ///
    /// Strings without escapes, the common case, are checked in place and copied once into a `String`.
    ///
    /// - Parameter isKey: Whether to set ``lastKeyPrefix`` and ``lastKeyLength`` for sorting.
    mutating func parseString(isKey: Bool) throws(JSONParseError) -> String {
        let quote = position
        let contentStart = quote + 1
        var index = contentStart
        var isASCII = true
        while true {
            index = skipPlainASCII(from: index)
            guard index < end else { throw fail("unterminated string", at: quote) }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                let count = index - contentStart
                guard count <= limits.maxStringBytes else {
                    throw fail("string is longer than the limit of \(limits.maxStringBytes) bytes", at: quote)
                }
                position = index + 1
                if isKey {
                    lastKeyPrefix = UTF16CodeUnitOrder.prefix(base + contentStart, count: count)
                    lastKeyLength = count
                }
                return ValidatedUTF8String.make(
                    base + contentStart,
                    count: count,
                    isASCII: isASCII,
                    canReadSixteen: end - contentStart >= 16
                )
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(quote: quote, runStart: contentStart, escape: index, isKey: isKey)
            }
            if byte < 0x20 {
                throw controlCharacter(at: index)
            }
            isASCII = false
            index += try validateUTF8Sequence(at: index)
        }
    }

    /// Finishes a string that contains escapes, decoding into the scratch buffer.
    private mutating func parseEscapedString(
        quote: Int,
        runStart: Int,
        escape: Int,
        isKey: Bool
    ) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = runStart
        var index = escape
        while true {
            index = skipPlainASCII(from: index)
            guard index < end else { throw fail("unterminated string", at: quote) }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                guard scratch.count <= limits.maxStringBytes else {
                    throw fail("string is longer than the limit of \(limits.maxStringBytes) bytes", at: quote)
                }
                position = index + 1
                if isKey { lastKeyLength = scratch.count }
                return scratch.withUnsafeBufferPointer { buffer in
                    if isKey { lastKeyPrefix = UTF16CodeUnitOrder.prefix(buffer.baseAddress!, count: buffer.count) }
                    return String(decoding: buffer, as: UTF8.self)
                }
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                index = try decodeEscape(at: index)
                runStart = index
                continue
            }
            if byte < 0x20 {
                throw controlCharacter(at: index)
            }
            index += try validateUTF8Sequence(at: index)
        }
    }

    /// Skips bytes that need no attention inside a string: ASCII other than `"`, `\`, and control characters.
    ///
    /// Checks eight bytes at a time (SWAR). Each test below can flag a byte falsely only above a byte it flagged
    /// truly, because false flags come from borrows that a true match started, so the lowest flag is exact.
    @inline(__always)
    private func skipPlainASCII(from start: Int) -> Int {
        var index = start
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while end - index >= 8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            // Flags bytes that are zero after the xor (quote, backslash), below 0x20, or 0x80 and above.
            let special = (((quotes &- ones) & ~quotes)
                | ((backslashes &- ones) & ~backslashes)
                | (word &- ones &* 0x20)
                | word) & highs
            if special != 0 {
                return index + special.trailingZeroBitCount / 8
            }
            index += 8
        }
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        return index
    }

    /// Decodes the escape at `index` into the scratch buffer and returns the index after it.
    private mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < end else { throw fail("unterminated escape sequence", at: index) }
        let decoded: UInt8
        switch base[index + 1] {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            return try decodeUnicodeEscape(at: index)
        default:
            throw fail("invalid escape sequence '\\' followed by \(found(at: index + 1))", at: index)
        }
        scratch.append(decoded)
        return index + 2
    }

    /// Decodes `\uXXXX`, or a `\uXXXX\uXXXX` surrogate pair, at `index`.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let first = try hexQuad(at: index + 2, escape: index)
        var scalar = first
        var next = index + 6
        switch first {
        case 0xD800...0xDBFF:
            guard end - next >= 2, base[next] == UInt8(ascii: "\\"), base[next + 1] == UInt8(ascii: "u") else {
                throw loneSurrogate(first, at: index)
            }
            let second = try hexQuad(at: next + 2, escape: next)
            guard (0xDC00...0xDFFF).contains(second) else { throw loneSurrogate(first, at: index) }
            scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(first, at: index)
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    private func hexQuad(at index: Int, escape: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let digit: UInt8
            let byte: UInt8 = index + offset < end ? base[index + offset] : 0
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw fail("invalid \\u escape, expected 4 hex digits, found \(found(at: index + offset))", at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func loneSurrogate(_ value: UInt32, at index: Int) -> JSONParseError {
        let digits = Array("0123456789abcdef".utf8)
        let hex = (0..<4).reversed().map { digits[Int(value >> (UInt32($0) * 4) & 0xF)] }
        return fail("lone surrogate \\u\(String(decoding: hex, as: UTF8.self)) is not allowed", at: index)
    }

    private func controlCharacter(at index: Int) -> JSONParseError {
        fail("control character \(Self.describe(byte: base[index])) must be escaped in a string", at: index)
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: - UTF-8

    /// Checks the UTF-8 sequence starting at `index` (Unicode Table 3-7) and returns its length.
    ///
    /// Rejects stray continuation bytes, overlong forms, encoded surrogates, code points above U+10FFFF, and
    /// truncated sequences. ASCII returns 1.
    @inline(__always)
    func validateUTF8Sequence(at index: Int) throws(JSONParseError) -> Int {
        let lead = base[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x80...0xBF:
            throw fail("invalid UTF-8: unexpected continuation byte 0x\(Self.hex(lead))", at: index)
        case 0xC0, 0xC1:
            throw fail("invalid UTF-8: overlong encoding", at: index)
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xED:
            length = 3
            high = 0x9F
        case 0xE1...0xEF:
            length = 3
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        case 0xF5...0xF7:
            throw fail("invalid UTF-8: code point above U+10FFFF", at: index)
        default:
            throw fail("invalid UTF-8: byte 0x\(Self.hex(lead)) never appears in UTF-8", at: index)
        }
        guard end - index > 1, (0x80...0xBF).contains(base[index + 1]) else {
            throw fail("invalid UTF-8: truncated sequence", at: index)
        }
        let second = base[index + 1]
        if second < low || second > high {
            switch lead {
            case 0xED: throw fail("invalid UTF-8: encoded surrogate", at: index)
            case 0xF4: throw fail("invalid UTF-8: code point above U+10FFFF", at: index)
            default: throw fail("invalid UTF-8: overlong encoding", at: index)
            }
        }
        for offset in 2..<length {
            guard index + offset < end, base[index + offset] & 0xC0 == 0x80 else {
                throw fail("invalid UTF-8: truncated sequence", at: index)
            }
        }
        return length
    }
}

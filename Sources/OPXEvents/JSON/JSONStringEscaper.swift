/// Writes strings quoted and escaped the way ECMAScript's `JSON.stringify` does, as RFC 8785 section 3.2.2.2
/// requires.
///
/// `"` and `\` are escaped, as are control characters (`\b`, `\t`, `\n`, `\f`, `\r`, otherwise `\u00xx` in lowercase
/// hex). Everything else, including DEL, U+2028, U+2029, and all non-ASCII, is copied as UTF-8. Strings of up to 15
/// bytes that need no escaping, most keys and many values, are read straight from the `String` value (see
/// ``ValidatedUTF8String``) and written together with the separators around them in a single append.
enum JSONStringEscaper {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Appends `before`, the quoted string, and `after` to `bytes`; a separator of 0 is left out.
    @inline(__always)
    static func appendQuoted(_ string: String, before: UInt8 = 0, after: UInt8 = 0, to bytes: inout [UInt8]) {
        if let (low, high, count) = ValidatedUTF8String.smallWords(of: string) {
            let lowMask: UInt64 = count >= 8 ? ~0 : (1 << (UInt64(count) * 8)) &- 1
            let highMask: UInt64 = count > 8 ? (1 << (UInt64(count - 8) * 8)) &- 1 : 0
            if needsEscaping(low) & lowMask == 0 && needsEscaping(high) & highMask == 0 {
                appendSmall(low: low, high: high & highMask, count: count, before: before, after: after, to: &bytes)
                return
            }
        }
        if before != 0 { bytes.append(before) }
        var string = string
        string.withUTF8 { appendEscaped($0, to: &bytes) }
        if after != 0 { bytes.append(after) }
    }

    /// Flags, in the top bit of each byte, the bytes of a little-endian word that must be escaped.
    ///
    /// A byte can be flagged falsely only above a byte flagged truly (false flags come from borrows), so the lowest
    /// flag is exact.
    @inline(__always)
    private static func needsEscaping(_ word: UInt64) -> UInt64 {
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        return (((quotes &- ones) & ~quotes)
            | ((backslashes &- ones) & ~backslashes)
            | ((word &- ones &* 0x20) & ~word)) & highs
    }

    @inline(__always)
    private static func appendSmall(
        low: UInt64,
        high: UInt64,
        count: Int,
        before: UInt8,
        after: UInt8,
        to bytes: inout [UInt8]
    ) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var length = 0
            if before != 0 {
                raw[0] = before
                length = 1
            }
            raw[length] = UInt8(ascii: "\"")
            raw.storeBytes(of: low.littleEndian, toByteOffset: length + 1, as: UInt64.self)
            raw.storeBytes(of: high.littleEndian, toByteOffset: length + 9, as: UInt64.self)
            length += count + 1
            raw[length] = UInt8(ascii: "\"")
            length += 1
            if after != 0 {
                raw[length] = after
                length += 1
            }
            // A typed buffer appends with one memcpy; a raw buffer would append byte by byte.
            let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: length))
        }
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = nextByteToEscape(in: utf8, from: 0)
        while index < utf8.count {
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            appendEscape(for: utf8[index], to: &bytes)
            runStart = index + 1
            index = nextByteToEscape(in: utf8, from: runStart)
        }
        if runStart < utf8.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Finds the next byte to escape, eight bytes at a time; `utf8.count` if there is none.
    @inline(__always)
    private static func nextByteToEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = utf8.count
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while count - index >= 8 {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let special = needsEscaping(word)
                if special != 0 {
                    return index + special.trailingZeroBitCount / 8
                }
                index += 8
            }
        }
        while index < count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return count
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        let escaped: UInt8
        switch byte {
        case UInt8(ascii: "\""): escaped = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
        case 0x08: escaped = UInt8(ascii: "b")
        case 0x09: escaped = UInt8(ascii: "t")
        case 0x0A: escaped = UInt8(ascii: "n")
        case 0x0C: escaped = UInt8(ascii: "f")
        case 0x0D: escaped = UInt8(ascii: "r")
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            let high = hexDigits.utf8Start[Int(byte >> 4)]
            let low = hexDigits.utf8Start[Int(byte & 0x0F)]
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(high)
            bytes.append(low)
            return
        }
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(escaped)
    }
}

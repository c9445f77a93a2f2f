/// Makes `String`s from bytes that ``JSONScanner`` has already validated as UTF-8.
///
/// `String(decoding:as:)` validates again and then assembles small strings byte by byte; for the short keys and
/// values that fill event payloads that was the largest single cost of parsing. On 64-bit little-endian platforms a
/// string of up to 15 UTF-8 bytes is stored inline in the `String` value itself: the first word holds bytes 0–7, the
/// second holds bytes 8–14 and, in its top byte, a discriminator (`0xE0 | count` for ASCII, `0xA0 | count`
/// otherwise). This type writes those two words directly.
///
/// That layout is part of Swift's stable ABI on Apple platforms, and the same code is used on Linux, but it is
/// still an implementation detail. So before the fast path is ever used, ``isSmallLayoutVerified`` builds sample
/// strings both ways and compares their bits; on any mismatch, or on other platforms, every string goes through
/// `String(decoding:as:)`.
enum ValidatedUTF8String {
    /// Whether this runtime lays out small strings as described above; checked once per process.
    static let isSmallLayoutVerified: Bool = {
        #if _pointerBitWidth(_64) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return false }
        let samples: [[UInt8]] = [
            [], Array("a".utf8), Array("abcdefgh".utf8), Array("abcdefghi".utf8), Array("abcdefghijklmno".utf8),
            Array("é".utf8), Array("€uro😀".utf8), [0x00, 0x7F, 0x41],
        ]
        for sample in samples {
            let isASCII = sample.allSatisfy { $0 < 0x80 }
            let expected = String(decoding: sample, as: UTF8.self)
            let made = sample.withUnsafeBufferPointer { buffer in
                smallWords(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: buffer.count,
                           isASCII: isASCII, canReadSixteen: false)
            }
            let real = unsafeBitCast(expected, to: (UInt64, UInt64).self)
            guard made.0 == real.0, made.1 == real.1 else { return false }
        }
        // Large strings, literal and allocated, must not look small.
        var allocated = "a string that is far too long to be small"
        allocated += "!"
        for large in ["a literal that is too long to be small", allocated] {
            guard unsafeBitCast(large, to: (UInt64, UInt64).self).1 & smallFlag == 0 else { return false }
        }
        return true
        #else
        return false
        #endif
    }()

    /// Bit 61 of a string's second word: set for small (inline) strings.
    private static let smallFlag: UInt64 = 1 << 61

    /// The bytes of a small string: bytes 0–7, bytes 8–14, and the count.
    ///
    /// Returns `nil` for strings stored out of line, and for every string when the layout is not verified.
    @inline(__always)
    static func smallWords(of string: String) -> (low: UInt64, high: UInt64, count: Int)? {
        #if _pointerBitWidth(_64) && _endian(little)
        let words = unsafeBitCast(string, to: (UInt64, UInt64).self)
        guard words.1 & smallFlag != 0, isSmallLayoutVerified else { return nil }
        return (words.0, words.1 & 0x00FF_FFFF_FFFF_FFFF, Int(words.1 >> 56) & 0xF)
        #else
        return nil
        #endif
    }

    /// Makes a string from validated UTF-8.
    ///
    /// - Parameters:
    ///   - start: The first byte.
    ///   - count: The number of bytes; they must be valid UTF-8.
    ///   - isASCII: Whether every byte is below 0x80.
    ///   - canReadSixteen: Whether 16 bytes from `start` are readable, which allows two word loads.
    @inline(__always)
    static func make(
        _ start: UnsafePointer<UInt8>,
        count: Int,
        isASCII: Bool,
        canReadSixteen: Bool
    ) -> String {
        #if _pointerBitWidth(_64) && _endian(little)
        if count <= 15 && isSmallLayoutVerified {
            let words = smallWords(start, count: count, isASCII: isASCII, canReadSixteen: canReadSixteen)
            return unsafeBitCast(words, to: String.self)
        }
        #endif
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The two words of an inline string of at most 15 bytes.
    @inline(__always)
    private static func smallWords(
        _ start: UnsafePointer<UInt8>,
        count: Int,
        isASCII: Bool,
        canReadSixteen: Bool
    ) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if canReadSixteen {
            let raw = UnsafeRawPointer(start)
            low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                low &= (1 << (UInt64(count) * 8)) &- 1
                high = 0
            } else {
                high &= (1 << (UInt64(count - 8) * 8)) &- 1
            }
        } else {
            for index in stride(from: min(count, 8) - 1, through: 0, by: -1) {
                low = low << 8 | UInt64(start[index])
            }
            for index in stride(from: count - 1, through: 8, by: -1) {
                high = high << 8 | UInt64(start[index])
            }
        }
        let discriminator: UInt64 = (isASCII ? 0xE0 : 0xA0) | UInt64(count)
        return (low, high | discriminator << 56)
    }
}

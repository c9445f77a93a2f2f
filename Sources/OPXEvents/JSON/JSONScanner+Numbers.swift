/// Exact powers of ten that fit a double's 53-bit significand, for the fast conversion path.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

extension JSONScanner {
    // MARK: - Numbers

    /// Reads a number (RFC 8259 grammar) and converts it with correct rounding.
    ///
    /// Literals with at most 19 significant digits, a significand up to 2^53, and a decimal exponent within ±22 are
    /// converted exactly with one multiplication or division (Clinger's fast path); the rest go through the standard
    /// library's correctly rounded conversion.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        var index = position
        let isNegative = base[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < end, isDigit(base[index]) else {
            if end - index >= 8, base[index] == UInt8(ascii: "I") {
                throw fail("NaN and Infinity are not valid JSON numbers", at: start)
            }
            throw fail("expected a digit after '-', found \(found(at: index))", at: index)
        }

        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var isTruncated = false

        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(base[index]) {
                throw fail("leading zeros are not allowed", at: start)
            }
        } else {
            while index < end, isDigit(base[index]) {
                let digit = UInt64(base[index] &- UInt8(ascii: "0"))
                if significantDigits < 19 {
                    significand = significand &* 10 &+ digit
                    significantDigits += 1
                } else {
                    exponent += 1
                    if digit != 0 { isTruncated = true }
                }
                index += 1
            }
        }

        var isInteger = true
        if index < end, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end, isDigit(base[index]) else {
                throw fail("expected a digit after the decimal point, found \(found(at: index))", at: index)
            }
            while index < end, isDigit(base[index]) {
                let digit = UInt64(base[index] &- UInt8(ascii: "0"))
                if significand == 0 && digit == 0 {
                    exponent -= 1
                } else if significantDigits < 19 {
                    significand = significand &* 10 &+ digit
                    significantDigits += 1
                    exponent -= 1
                } else if digit != 0 {
                    isTruncated = true
                }
                index += 1
            }
        }

        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentIsNegative = false
            if index < end, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                exponentIsNegative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end, isDigit(base[index]) else {
                throw fail("expected a digit in the exponent, found \(found(at: index))", at: index)
            }
            var value = 0
            while index < end, isDigit(base[index]) {
                // Saturate: anything this large overflows or underflows anyway.
                if value < 1_000_000 { value = value * 10 + Int(base[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentIsNegative ? -value : value
        }
        position = index

        if isInteger && exponent == 0 {
            if significand <= UInt64(Int64.max) {
                let integer = isNegative ? -Int64(significand) : Int64(significand)
                return JSONNumber(double: Double(integer), integer: integer)
            }
            if isNegative && significand == UInt64(Int64.max) + 1 {
                return JSONNumber(double: -0x1p63, integer: Int64.min)
            }
        }

        if significand == 0 {
            return JSONNumber(double: isNegative ? -0.0 : 0.0, integer: nil)
        }
        if !isTruncated && significand <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(significand)
            value = exponent >= 0 ? value * exactPowersOfTen[exponent] : value / exactPowersOfTen[-exponent]
            return JSONNumber(double: isNegative ? -value : value, integer: nil)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail("number out of range", at: start)
        }
        return JSONNumber(double: value, integer: nil)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}

/// Prints numbers the way ECMAScript's `Number.prototype.toString` does, as RFC 8785 section 3.2.2.3 requires.
///
/// Integers up to 2^53 in magnitude print as their digits. Everything else prints the shortest decimal that
/// round-trips to the double, in fixed notation when 1e-7 <= |x| < 1e21 and as `d.ddde±n` otherwise; `-0` prints
/// `0`. The shortest digits come from Swift's `Double.description`, which is shortest round-trip and closest.
enum ECMAScriptNumberFormatter {
    /// Appends a number's canonical text to `bytes`.
    static func append(_ number: JSONNumber, to bytes: inout [UInt8]) {
        if let integer = number.integer, integer.magnitude <= 1 << 53 {
            appendInteger(integer, to: &bytes)
            return
        }
        let value = number.double
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        // An integral double up to 2^53 prints as its exact digits: no shorter decimal lies within half a unit.
        if value.magnitude <= 0x1p53, value == value.rounded(.towardZero) {
            appendInteger(Int64(value), to: &bytes)
            return
        }
        appendShortest(value, to: &bytes)
    }

    private static func appendInteger(_ integer: Int64, to bytes: inout [UInt8]) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Formats a finite, non-zero double from the shortest round-trip digits of Swift's `description`.
    private static func appendShortest(_ value: Double, to bytes: inout [UInt8]) {
        var text = value.description
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
                var digitCount = 0
                var integerDigits = 0
                var seenPoint = false
                var index = 0
                var isNegative = false
                if utf8[0] == UInt8(ascii: "-") {
                    isNegative = true
                    index = 1
                }
                while index < utf8.count {
                    let byte = utf8[index]
                    if byte == UInt8(ascii: ".") {
                        seenPoint = true
                    } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                        break
                    } else if byte == UInt8(ascii: "0") && digitCount == 0 {
                        // A leading zero moves the decimal point instead of adding a digit.
                        if seenPoint { integerDigits -= 1 }
                    } else {
                        digits[digitCount] = byte
                        digitCount += 1
                        if !seenPoint { integerDigits += 1 }
                    }
                    index += 1
                }
                var exponent = 0
                if index < utf8.count {
                    index += 1
                    var exponentIsNegative = false
                    if utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
                        exponentIsNegative = utf8[index] == UInt8(ascii: "-")
                        index += 1
                    }
                    while index < utf8.count {
                        exponent = exponent * 10 + Int(utf8[index] - UInt8(ascii: "0"))
                        index += 1
                    }
                    if exponentIsNegative { exponent = -exponent }
                }
                while digitCount > 1 && digits[digitCount - 1] == UInt8(ascii: "0") { digitCount -= 1 }
                // value = 0.d1d2…dk × 10^n, in the terms of ECMAScript's Number::toString.
                let k = digitCount
                let n = integerDigits + exponent
                if isNegative { bytes.append(UInt8(ascii: "-")) }
                let significant = UnsafeBufferPointer(rebasing: digits[0..<k])
                if k <= n && n <= 21 {
                    bytes.append(contentsOf: significant)
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
                } else if 0 < n && n <= 21 {
                    bytes.append(contentsOf: significant[0..<n])
                    bytes.append(UInt8(ascii: "."))
                    bytes.append(contentsOf: significant[n...])
                } else if -6 < n && n <= 0 {
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "."))
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
                    bytes.append(contentsOf: significant)
                } else {
                    bytes.append(significant[0])
                    if k > 1 {
                        bytes.append(UInt8(ascii: "."))
                        bytes.append(contentsOf: significant[1...])
                    }
                    bytes.append(UInt8(ascii: "e"))
                    bytes.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
                    appendInteger(Int64((n - 1).magnitude), to: &bytes)
                }
            }
        }
    }
}

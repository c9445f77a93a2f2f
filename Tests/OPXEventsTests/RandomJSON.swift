import OPXEvents

/// Random JSON values and deliberately non-canonical spellings of them, for property tests.
struct RandomJSON {
    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    // MARK: - Values

    mutating func value(depth: Int = 0) -> JSONValue {
        let choice = Int.random(in: 0..<(depth >= 4 ? 4 : 6), using: &generator)
        switch choice {
        case 0: return Bool.random(using: &generator) ? .null : .bool(Bool.random(using: &generator))
        case 1: return .number(number())
        case 2, 3: return .string(string(maxLength: 12))
        case 4:
            let count = Int.random(in: 0...5, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                object.set(string(maxLength: 4), value(depth: depth + 1))
            }
            return .object(object)
        }
    }

    mutating func number() -> JSONNumber {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return JSONNumber(Int64.random(in: -1000...1000, using: &generator))
        case 1: return JSONNumber(Int64.random(in: .min ... .max, using: &generator))
        case 2: return JSONNumber(anyFiniteDouble())
        case 3:
            let digits = Double(Int64.random(in: -999_999...999_999, using: &generator))
            return JSONNumber(digits / 1000)
        default:
            let exponent = Double(Int.random(in: -30...30, using: &generator))
            return JSONNumber(Double.random(in: 1..<10, using: &generator) * pow10(exponent))
        }
    }

    mutating func anyFiniteDouble() -> Double {
        while true {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { return value }
        }
    }

    mutating func string(maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &generator) {
            scalars.append(scalar())
        }
        return String(scalars)
    }

    mutating func scalar() -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [
            0x61...0x7A, 0x20...0x7E, 0x00...0x1F, 0x22...0x22, 0x5C...0x5C, 0x7F...0x7F,
            0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF, 0x2028...0x2029,
        ]
        let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
        return Unicode.Scalar(UInt32.random(in: range, using: &generator))!
    }

    private func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent.magnitude) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    // MARK: - Non-canonical text

    /// Writes a value as valid but non-canonical JSON: random whitespace, shuffled keys, `\u` escapes, and numbers
    /// in alternative spellings.
    mutating func uglyText(_ value: JSONValue) -> String {
        var text = ""
        writeUgly(value, into: &text)
        return text
    }

    private mutating func whitespace() -> String {
        let pool = [" ", "\t", "\n", "\r"]
        return (0..<Int.random(in: 0...2, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            .joined()
    }

    private mutating func writeUgly(_ value: JSONValue, into text: inout String) {
        text += whitespace()
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number):
            if let integer = number.integer {
                text += Bool.random(using: &generator) ? "\(integer)" : "\(integer).0"
            } else {
                text += "\(number.double)"
            }
        case .string(let string): writeUglyString(string, into: &text)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                writeUgly(element, into: &text)
            }
            text += whitespace() + "]"
        case .object(let object):
            text += "{"
            for (index, member) in object.members.shuffled(using: &generator).enumerated() {
                if index > 0 { text += "," }
                text += whitespace()
                writeUglyString(member.key, into: &text)
                text += whitespace() + ":"
                writeUgly(member.value, into: &text)
            }
            text += whitespace() + "}"
        }
        text += whitespace()
    }

    private mutating func writeUglyString(_ string: String, into text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if mustEscape || Int.random(in: 0..<4, using: &generator) == 0 {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    let padded = String(repeating: "0", count: 4 - hex.count) + hex
                    text += "\\u" + (Bool.random(using: &generator) ? padded : padded.uppercased())
                }
            } else if scalar == "/" {
                text += "\\/"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

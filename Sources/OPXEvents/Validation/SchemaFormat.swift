/// The `format` values opx asserts (JSON Schema 2020-12 leaves formats as annotations unless a validator opts in;
/// opx opts in, and rejects schemas that use any other format).
enum SchemaFormat: String, Sendable, CaseIterable {
    /// RFC 3339 `date-time` (section 5.6), as `rfc3339-validator` checks it: `T`/`t`, `Z`/`z` or `±hh:mm`, optional
    /// fraction digits, real calendar dates, years from 0001, and no leap seconds.
    case dateTime = "date-time"
    /// RFC 9562 UUID text: 8-4-4-4-12 hexadecimal digits of either case, hyphens at offsets 8, 13, 18, and 23.
    case uuid

    /// What a valid value looks like, for messages.
    var expectation: String {
        switch self {
        case .dateTime: "an RFC 3339 date-time such as 2026-11-24T06:28:46Z"
        case .uuid: "a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e"
        }
    }

    /// Whether a string is valid in this format.
    func accepts(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            switch self {
            case .dateTime: Self.isDateTime(bytes)
            case .uuid: Self.isUUID(bytes)
            }
        }
    }

    // MARK: - uuid

    private static func isUUID(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 36 else { return false }
        for index in 0..<36 {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard b[index] == UInt8(ascii: "-") else { return false }
            } else {
                guard Hex.nibble(b[index]) != nil else { return false }
            }
        }
        return true
    }

    // MARK: - date-time

    private static func isDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // YYYY-MM-DDTHH:MM:SS is 19 bytes, and an offset follows.
        guard b.count >= 20 else { return false }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = b[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] | 0x20 == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
              b[16] == UInt8(ascii: ":"), let second = digits(17, 2) else { return false }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return false }
        var index = 19
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, b[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > start else { return false }
        }
        guard index < b.count else { return false }
        if b[index] | 0x20 == UInt8(ascii: "z") {
            return index + 1 == b.count
        }
        guard b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), index + 6 == b.count,
              let offsetHours = digits(index + 1, 2), b[index + 3] == UInt8(ascii: ":"),
              let offsetMinutes = digits(index + 4, 2) else { return false }
        return offsetHours < 24 && offsetMinutes < 60
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

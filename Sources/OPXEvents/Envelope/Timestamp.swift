/// A UTC instant with nanosecond precision: the `recordedAt` of events and every time in opx.
///
/// Formatted as RFC 3339 with exactly nine fraction digits and `Z`
/// (`2026-11-24T06:28:46.123456789Z`), so the text form is fixed-width and sorts as it compares.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    package let nanoseconds: Int64

    package init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The fixed-width RFC 3339 length in bytes.
    package static let formattedLength = 30

    package static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Writes the 30-byte RFC 3339 form into `buffer` (at least 30 bytes).
    ///
    /// Two digits at a time from a table, in unsigned arithmetic (every `Int64` instant falls in the years
    /// 1677–2262): rows and events format a time for each of their time fields.
    package func write(into buffer: UnsafeMutableRawBufferPointer) {
        let (seconds, fraction) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        let (secs, nanos) = fraction < 0 ? (seconds - 1, fraction + 1_000_000_000) : (seconds, fraction)
        let (days, secondOfDay) = secs.quotientAndRemainder(dividingBy: 86_400)
        let (day, sod) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = Self.civil(fromDays: day)
        let out = buffer.baseAddress!
        let pairs = UnsafeRawPointer(Self.digitPairs.utf8Start)
        func pair(_ value: UInt32, at offset: Int) {   // 0...99
            out.storeBytes(of: pairs.loadUnaligned(fromByteOffset: 2 * Int(value), as: UInt16.self), toByteOffset: offset, as: UInt16.self)
        }
        func separator(_ c: Unicode.Scalar, at offset: Int) { out.storeBytes(of: UInt8(ascii: c), toByteOffset: offset, as: UInt8.self) }
        pair(year / 100, at: 0); pair(year % 100, at: 2); separator("-", at: 4)
        pair(month, at: 5); separator("-", at: 7); pair(dayOfMonth, at: 8); separator("T", at: 10)
        let second = UInt32(sod)
        pair(second / 3600, at: 11); separator(":", at: 13); pair(second / 60 % 60, at: 14); separator(":", at: 16)
        pair(second % 60, at: 17); separator(".", at: 19)
        let n = UInt32(nanos), rest = n % 100_000_000
        out.storeBytes(of: UInt8(ascii: "0") + UInt8(n / 100_000_000), toByteOffset: 20, as: UInt8.self)
        pair(rest / 1_000_000, at: 21); pair(rest / 10_000 % 100, at: 23); pair(rest / 100 % 100, at: 25); pair(rest % 100, at: 27)
        separator("Z", at: 29)
    }

    /// `00`, `01`, … `99`: the two digits of each number below 100, at twice the number.
    private static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    /// RFC 3339, UTC, nine fraction digits.
    package var description: String {
        String(unsafeUninitializedCapacity: Self.formattedLength) { buffer in
            write(into: UnsafeMutableRawBufferPointer(buffer))
            return Self.formattedLength
        }
    }

    /// Parses RFC 3339 (`T` or space, 0–9 fraction digits, `Z` or `±hh:mm`).
    /// - Throws: ``EnvelopeError`` quoting the text and the expected shape.
    package init(rfc3339 text: String) throws(EnvelopeError) {
        let b = Array(text.utf8)
        func fail() -> EnvelopeError {
            EnvelopeError("\"\(text.prefix(60))\" is not an RFC 3339 time; expected e.g. 2026-11-24T06:28:46Z or 2026-11-24T07:28:46.5+01:00")
        }
        func number(_ start: Int, _ count: Int) throws(EnvelopeError) -> Int64 {
            guard start + count <= b.count else { throw fail() }
            var v: Int64 = 0
            for i in start..<(start + count) {
                guard b[i] >= 48 && b[i] <= 57 else { throw fail() }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { throw fail() }
        let year = try number(0, 4), month = try number(5, 2), day = try number(8, 2)
        let hour = try number(11, 2), minute = try number(14, 2), second = try number(17, 2)
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { throw fail() }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count && b[i] >= 48 && b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { throw fail() }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        guard i < b.count else { throw fail() }
        var offset: Int64 = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":") else { throw fail() }
            let hours = try number(i + 1, 2), minutes = try number(i + 4, 2)
            guard hours < 24, minutes < 60 else { throw fail() }
            offset = (hours * 3600 + minutes * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            throw fail()
        }
        guard i == b.count else { throw fail() }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        let (scaled, overflowed) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carried) = scaled.addingReportingOverflow(nanos)
        guard !overflowed, !carried else {
            throw EnvelopeError("\"\(text.prefix(60))\" is outside the times opx stores (1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z, nanoseconds since 1970 in 64 bits); check the year")
        }
        nanoseconds = total
    }

    // Howard Hinnant's civil-from-days and days-from-civil algorithms (proleptic Gregorian).
    /// The year, month and day of the day `z0` days after 1970-01-01, for the days an `Int64` instant can
    /// fall on (from year 1677: the shifted day count is never negative, so it runs unsigned).
    private static func civil(fromDays z0: Int64) -> (year: UInt32, month: UInt32, day: UInt32) {
        let z = UInt32(z0 + 719_468)
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

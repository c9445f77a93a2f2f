import Foundation
import OPXEvents

/// Reads the time formats monitoring tools actually send.
///
/// Accepted: RFC 3339 with `Z` or `±hh:mm`; offsets without a colon (`+0000`, PagerDuty and CloudWatch);
/// a space instead of `T`; Unix epoch seconds or milliseconds as a number or a digit string. Go's zero time
/// (`0001-01-01T00:00:00Z`, Alertmanager's "no end yet") and anything before 1970 read as absent.
enum LenientTime {
    /// The time `value` names, or `nil` when it names none.
    static func parse(_ value: JSONValue) -> Timestamp? {
        switch value {
        case .number(let number): return epoch(number.double)
        case .string(let text): return parse(text)
        default: return nil
        }
    }

    /// The time `text` names, or `nil` when it names none.
    static func parse(_ text: String) -> Timestamp? {
        let trimmed = String(text.trimmingBlanks)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 || $0 == UInt8(ascii: ".") }) {
            return Double(trimmed).flatMap(epoch)
        }
        var candidate = trimmed
        // "+0000" → "+00:00"
        let bytes = Array(candidate.utf8)
        if bytes.count > 5, bytes[bytes.count - 5] == UInt8(ascii: "+") || bytes[bytes.count - 5] == UInt8(ascii: "-"),
           bytes.suffix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes.count > 19 {
            candidate = String(candidate.dropLast(2)) + ":" + String(candidate.suffix(2))
        }
        guard let time = try? Timestamp(rfc3339: candidate), time.nanoseconds > 0 else { return nil }
        return time
    }

    /// Epoch seconds, or milliseconds when the number is too large to be seconds.
    private static func epoch(_ number: Double) -> Timestamp? {
        guard number.isFinite, number > 0 else { return nil }
        let seconds = number > 100_000_000_000 ? number / 1000 : number
        guard seconds < 32_503_680_000 else { return nil }
        return Timestamp(nanoseconds: Int64(seconds * 1_000_000_000))
    }
}

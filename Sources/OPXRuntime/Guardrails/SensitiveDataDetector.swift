import Foundation
package import OPXEvents

/// Finds personal data and secrets in text: one detector per ``GuardrailViolated/Kind``.
///
/// Decisions (pinned by tests):
/// - Card numbers are 13–19 digits (spaces or dashes allowed between) that pass the Luhn check; a Luhn-invalid
///   16-digit number is not a card.
/// - An IPv4 address is a dotted quad of 0–255 not preceded by `v`, a letter, a digit or a dot and not followed by
///   another `.digit` — so `v1.2.3.4` and `1.2.3.4.5` are versions, but a bare `1.2.3.4` counts as an address: it
///   is indistinguishable from one, and redacting a version string is the cheaper mistake.
/// - Phone numbers need a `+` country code (8–15 digits) or the grouped form `(555) 123-4567` / `555-123-4567`,
///   so dates, times and ids do not match.
package struct SensitiveDataDetector: Sendable {
    /// The kind it finds.
    package let kind: GuardrailViolated.Kind
    private let regex: NSRegularExpression
    private let mayMatch: @Sendable (String) -> Bool
    private let accept: @Sendable (Substring) -> Bool

    /// A detector: `mayMatch` is a cheap test that rules out most text before the regular expression runs.
    private init(_ kind: GuardrailViolated.Kind, _ pattern: String, mayMatch: @escaping @Sendable (String) -> Bool,
                 accept: @escaping @Sendable (Substring) -> Bool = { _ in true }) {
        self.kind = kind
        self.mayMatch = mayMatch
        // ICU syntax (it has the lookbehind Swift `Regex` lacks). The patterns are constants of this file; a bad one
        // is a programmer error caught by every test.
        regex = try! NSRegularExpression(pattern: pattern)
        self.accept = accept
    }

    /// The ranges of `text` holding this kind of value, in order, not overlapping.
    package func matches(in text: String) -> [Range<String.Index>] {
        guard mayMatch(text) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            .compactMap { Range($0.range, in: text) }.filter { accept(text[$0]) }
    }

    /// The detectors, in the order they run: the most specific first, so a JWT inside a bearer header is found as a
    /// JWT and a password inside a URL is not also taken for an email.
    package static let all: [SensitiveDataDetector] = [
        SensitiveDataDetector(.privateKey, #"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)"#, mayMatch: { $0.contains("PRIVATE KEY") }),
        SensitiveDataDetector(.jwt, #"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"#, mayMatch: { $0.contains("eyJ") }),
        SensitiveDataDetector(.cloudAccessKey, #"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b|\bAIza[0-9A-Za-z_-]{35}|(?i:aws_secret_access_key|secret_access_key|aws_secret)\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}"#, mayMatch: { $0.contains("AKIA") || $0.contains("ASIA") || $0.contains("AGPA") || $0.contains("AIDA") || $0.contains("AROA") || $0.contains("ANPA") || $0.contains("ANVA") || $0.contains("AIPA") || $0.contains("AIza") || $0.range(of: "secret", options: .caseInsensitive) != nil }),
        SensitiveDataDetector(.bearerToken, #"(?i:\bbearer\s+)[A-Za-z0-9._~+/-]{16,}=*|\bgh[pousr]_[A-Za-z0-9]{36,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bsk-[A-Za-z0-9_-]{20,}"#, mayMatch: { $0.range(of: "bearer", options: .caseInsensitive) != nil || $0.contains("_") || $0.contains("xox") || $0.contains("sk-") }),
        SensitiveDataDetector(.passwordInURL, #"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:[^\s@/]+@"#, mayMatch: { $0.contains("://") && $0.contains("@") }),
        SensitiveDataDetector(.email, #"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"#, mayMatch: { $0.contains("@") }),
        SensitiveDataDetector(.cardNumber, #"(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d.-])"#, mayMatch: { digits(in: $0) >= 13 }, accept: { luhnValid($0) }),
        SensitiveDataDetector(.ipAddress, #"(?<![A-Za-z0-9.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)(?!\.[0-9])|(?<![A-Za-z0-9:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![A-Za-z0-9:])|(?<![A-Za-z0-9:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![A-Za-z0-9:])"#, mayMatch: { (digits(in: $0) >= 4 && $0.contains(".")) || $0.contains(":") },
                              accept: { ipAccepted($0) }),
        SensitiveDataDetector(.phone, #"(?<![\w+.])\+\d{1,3}[ .-]?(?:\(?\d{1,4}\)?[ .-]?){1,4}\d{2,4}(?![\w.])|(?<![\w.])(?:\(\d{3}\) ?|\d{3}-)\d{3}-\d{4}(?![\w.])"#, mayMatch: { digits(in: $0) >= 8 },
                              accept: { phoneAccepted($0) }),
    ]

    /// How many ASCII digits `text` holds.
    private static func digits(in text: String) -> Int { text.utf8.reduce(0) { $0 + ((48...57).contains($1) ? 1 : 0) } }

    /// Whether the digits of `candidate` (13–19 of them) pass the Luhn check.
    package static func luhnValid(_ candidate: Substring) -> Bool {
        let digits = candidate.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 { sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2 } else { sum += digit }
        }
        return sum % 10 == 0
    }

    /// IPv4 matches are always kept; IPv6 ones need `::` or 8 groups and a hex letter or a 4-digit group, so clock
    /// times (`10:38:02`) and ratios are not addresses.
    private static func ipAccepted(_ candidate: Substring) -> Bool {
        guard candidate.contains(":") else { return true }
        let groups = candidate.split(separator: ":")
        return (candidate.contains("::") || groups.count == 8)
            && groups.contains { $0.count == 4 || $0.contains(where: \.isLetter) }
    }

    /// A phone number has 8–15 digits.
    private static func phoneAccepted(_ candidate: Substring) -> Bool {
        (8...15).contains(candidate.filter(\.isNumber).count)
    }
}

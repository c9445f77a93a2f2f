/// An incident's severity, from `SEV1` (most severe) to `SEV4`.
package enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Critical: broad customer impact, all hands.
    case sev1 = "SEV1"
    /// Major: significant impact on a key function.
    case sev2 = "SEV2"
    /// Minor: limited impact or a degraded non-critical function.
    case sev3 = "SEV3"
    /// Low: no customer impact yet.
    case sev4 = "SEV4"

    /// Orders by severity: `SEV1` sorts first (most severe).
    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How urgent an operational alert is.
package enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// For information.
    case info
    /// Needs attention soon.
    case warning
    /// Needs attention now.
    case critical
}

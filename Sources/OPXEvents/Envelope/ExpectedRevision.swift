/// What an append expects of its stream's current state (optimistic concurrency).
///
/// Revisions count from 0: a stream with one event is at revision 0.
package enum ExpectedRevision: Sendable, Hashable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must have no events.
    case noStream
    /// The stream must have at least one event.
    case exists
    /// The stream's last event must be at this revision.
    case revision(UInt64)

    /// Parses `any`, `no-stream`, `exists` or a revision number.
    package init?(_ text: String) {
        switch text {
        case "any": self = .any
        case "no-stream", "nostream", "none": self = .noStream
        case "exists": self = .exists
        default:
            guard let n = UInt64(text) else { return nil }
            self = .revision(n)
        }
    }

    /// Whether a stream whose last revision is `current` (nil: no stream) satisfies this.
    package func isSatisfied(by current: UInt64?) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return current == nil
        case .exists: return current != nil
        case .revision(let n): return current == n
        }
    }

    package var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exists: return "an existing stream"
        case .revision(let n): return "revision \(n)"
        }
    }
}

/// A position in the global log: 1 for the first event, contiguous, never reused.
package struct LogPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The position; 0 means "before the first event".
    package let rawValue: UInt64

    package init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Before the first event.
    package static let start = LogPosition(0)

    /// The next position.
    package var next: LogPosition { LogPosition(rawValue + 1) }

    package var description: String { String(rawValue) }

    package static func < (a: LogPosition, b: LogPosition) -> Bool { a.rawValue < b.rawValue }
}

package import OPXEvents
import Synchronization

/// A settable clock for anything that stamps events; starts at 2026-01-01T00:00:00Z.
package final class TestClock: Sendable {
    private let current = Mutex(Timestamp(nanoseconds: 1_767_225_600_000_000_000))

    package init() {}

    /// The current time.
    package func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock by `seconds` (may be negative, to test monotonic stamping).
    package func advance(seconds: Double) {
        current.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + Int64(seconds * 1e9)) }
    }
}

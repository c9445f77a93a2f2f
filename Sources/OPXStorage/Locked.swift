import Foundation

/// A value behind a pthread mutex (`NSLock`), for short synchronous critical sections.
///
/// Used instead of `Synchronization.Mutex` in the storage and log modules because the Linux
/// `Mutex` waits on raw futexes that ThreadSanitizer cannot see, so every shared `Mutex` shows up
/// as a false data race under `swift test --sanitize=thread`; `NSLock` is intercepted.
package final class Locked<Value>: @unchecked Sendable {
    // Safe to share: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    package init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    package func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

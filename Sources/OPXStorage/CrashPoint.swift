import Glibc
import Synchronization

/// Named crash points for reliability tests (RELIABILITY.md T2).
///
/// `OPX_CRASHPOINT=name:n` makes the process die with `SIGKILL` at the n-th time execution passes
/// the point called `name` (n defaults to 1). Without the variable a hit costs one branch.
package enum CrashPoint {
    private static let configured: (name: String, count: Int)? = {
        guard let raw = getenv("OPX_CRASHPOINT") else { return nil }
        let parts = String(cString: raw).split(separator: ":")
        guard let name = parts.first else { return nil }
        return (String(name), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    private static let hits = HitCounter()

    /// Dies here when this point is the configured one and its count is reached.
    @inline(__always)
    package static func hit(_ name: StaticString) {
        guard let configured else { return }
        if configured.name == name.description && hits.increment() == configured.count {
            kill(getpid(), SIGKILL)
        }
    }
}

private final class HitCounter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}

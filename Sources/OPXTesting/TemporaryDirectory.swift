package import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released.
package final class TemporaryDirectory: Sendable {
    /// The directory's path.
    package let path: String

    /// Creates a new, empty directory named with `prefix`.
    package init(prefix: String = "opx-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(prefix)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    package func appending(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

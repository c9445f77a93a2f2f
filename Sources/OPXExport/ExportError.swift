/// Why an export, verification or import could not run.
package struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    package enum Code: Sendable, Hashable {
        /// The selection's filters conflict or are malformed.
        case invalidSelection
        /// The investigation asked for does not exist.
        case notFound
        /// The export file cannot be read, does not verify, or cannot be imported.
        case invalidExport
    }

    /// The kind of failure.
    package let code: Code
    /// What went wrong and how to fix it.
    package let message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

/// The error a ``JSONSchema`` throws when a value does not match it: every failure found, in document order.
///
/// The validator collects up to ``maximumFailures`` failures, so a user sees all the problems of one payload at
/// once. The description lists them separated by `; `.
///
/// ```swift
/// do { try schema.validate(payload) } catch {
///     print(error)   // /severity: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"; /title: expected …
/// }
/// ```
package struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The most failures one validation collects.
    package static let maximumFailures = 32

    /// The failures, at least one, in the order they were found.
    package let failures: [ValidationFailure]

    /// Creates an error from its failures.
    ///
    /// - Parameter failures: At least one failure.
    package init(failures: [ValidationFailure]) {
        precondition(!failures.isEmpty, "a validation error needs at least one failure")
        self.failures = failures
    }

    /// The failures joined with `; ` (at most ten, then how many more).
    package var description: String {
        let shown = failures.prefix(10).map(\.description).joined(separator: "; ")
        return failures.count > 10 ? "\(shown); and \(failures.count - 10) more" : shown
    }

    /// The same error with every pointer moved under a prefix, such as `/data`.
    ///
    /// - Parameter prefix: A JSON Pointer to put in front.
    /// - Returns: The error with prefixed pointers.
    package func prefixed(with prefix: String) -> ValidationError {
        ValidationError(failures: failures.map { $0.prefixed(with: prefix) })
    }
}

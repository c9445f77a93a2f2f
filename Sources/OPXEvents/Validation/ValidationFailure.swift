/// One way a JSON value failed its schema: where, which keyword, what was expected and what was found.
///
/// ```swift
/// failure.description   // /severity: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"
/// ```
package struct ValidationFailure: Sendable, Hashable, CustomStringConvertible {
    /// The RFC 6901 JSON Pointer of the offending value, relative to the validated document; `""` is the root.
    ///
    /// For a missing `required` member and a member `additionalProperties` forbids, it points at that member (the
    /// member that must be added or removed), not at the object holding it.
    package let pointer: String
    /// The JSON Schema keyword that failed, such as `enum`, `required`, or `maxLength`.
    package let keyword: String
    /// What the schema expects, such as `one of SEV1, SEV2, SEV3, SEV4`.
    package let expected: String
    /// What was found, such as `"SEV9"`; strings are quoted and cut to 40 characters, containers are summarised.
    package let found: String

    /// Creates a failure.
    ///
    /// - Parameters:
    ///   - pointer: The JSON Pointer of the offending value.
    ///   - keyword: The keyword that failed.
    ///   - expected: What the schema expects.
    ///   - found: What the value is.
    package init(pointer: String, keyword: String, expected: String, found: String) {
        self.pointer = pointer
        self.keyword = keyword
        self.expected = expected
        self.found = found
    }

    /// `<pointer>: expected <expected>, found <found>`, with `/` for the root pointer.
    package var description: String {
        "\(pointer.isEmpty ? "/" : pointer): expected \(expected), found \(found)"
    }

    /// The same failure with its pointer moved under a prefix, such as `/data`.
    ///
    /// - Parameter prefix: A JSON Pointer to put in front.
    /// - Returns: A failure whose pointer is `prefix + pointer`.
    package func prefixed(with prefix: String) -> ValidationFailure {
        ValidationFailure(pointer: prefix + pointer, keyword: keyword, expected: expected, found: found)
    }
}

/// A schema ``JSONSchema`` cannot compile: malformed, or using something outside the supported subset.
///
/// The description names the JSON Pointer inside the schema, for example
/// `schema /properties/email/format: format "email" is not supported (supported: date-time, uuid)`.
package struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON Pointer of the offending place in the schema document; `""` is the root.
    package let pointer: String
    /// What is wrong.
    package let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - pointer: Where in the schema.
    ///   - message: What is wrong.
    package init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// `schema <pointer>: <message>`.
    package var description: String {
        "schema \(pointer.isEmpty ? "/" : pointer): \(message)"
    }
}

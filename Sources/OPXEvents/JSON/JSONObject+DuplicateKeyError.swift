extension JSONObject {
    /// The error ``JSONObject/init(_:)`` throws when two pairs share a key.
    package struct DuplicateKeyError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The key that appears more than once.
        package let key: String

        /// Creates the error for a repeated key.
        ///
        /// - Parameter key: The key that appears more than once.
        package init(key: String) {
            self.key = key
        }

        /// A message naming the key, such as `duplicate key "id" in JSON object`.
        package var description: String {
            "duplicate key \(CanonicalJSONWriter.quoted(key)) in JSON object"
        }
    }
}

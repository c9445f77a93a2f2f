/// The error ``JSONParser`` throws when its input is not strict RFC 8259 JSON or breaks a ``JSONLimits`` limit.
///
/// The description names the byte offset, the JSON Pointer of the member being parsed, and what was expected and
/// found, for example `invalid JSON at byte 17 (/data/name): unterminated string`. It quotes at most one byte of
/// the input, never a payload.
package struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The zero-based offset of the offending byte in the input.
    package let byteOffset: Int
    /// The RFC 6901 JSON Pointer of the container or member being parsed; `""` for the root.
    package let pointer: String
    /// What went wrong, such as `expected ':' after object key, found '}'`.
    package let message: String

    /// Creates a parse error.
    ///
    /// - Parameters:
    ///   - byteOffset: The zero-based offset of the offending byte.
    ///   - pointer: The JSON Pointer of the container or member being parsed.
    ///   - message: What went wrong.
    package init(byteOffset: Int, pointer: String, message: String) {
        self.byteOffset = byteOffset
        self.pointer = pointer
        self.message = message
    }

    /// The full message, such as `invalid JSON at byte 17 (/data/name): unterminated string`.
    package var description: String {
        let location = pointer.isEmpty ? "" : " (\(pointer))"
        return "invalid JSON at byte \(byteOffset)\(location): \(message)"
    }
}

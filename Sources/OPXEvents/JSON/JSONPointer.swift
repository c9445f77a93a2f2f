/// Builds RFC 6901 JSON Pointers, such as `/data/items/0/name`.
///
/// ```swift
/// let pointer = JSONPointer.appending(JSONPointer.appending("", "a/b"), index: 0)   // "/a~1b/0"
/// ```
package enum JSONPointer {
    /// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
    ///
    /// - Parameter token: An object key.
    /// - Returns: The token as it appears inside a pointer.
    package static func escape(_ token: String) -> String {
        var needsEscaping = false
        for byte in token.utf8 where byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return token }
        var escaped = ""
        escaped.reserveCapacity(token.utf8.count + 4)
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Appends an object key to a pointer.
    ///
    /// - Parameters:
    ///   - base: A pointer; `""` for the root.
    ///   - token: The key, unescaped.
    /// - Returns: `base + "/" + escape(token)`.
    package static func appending(_ base: String, _ token: String) -> String {
        base + "/" + escape(token)
    }

    /// Appends an array index to a pointer.
    ///
    /// - Parameters:
    ///   - base: A pointer; `""` for the root.
    ///   - index: The zero-based index.
    /// - Returns: `base + "/" + String(index)`.
    package static func appending(_ base: String, index: Int) -> String {
        base + "/" + String(index)
    }
}

/// Short, safe renderings of JSON values for validation messages.
///
/// Strings are quoted as canonical JSON and cut to 40 characters, so a message never carries a whole payload; arrays
/// and objects are summarised by their size.
enum ValueDescription {
    /// The longest string quoted in a message, in characters.
    static let maximumQuotedLength = 40

    /// A rendering such as `"SEV9"`, `42`, `true`, `null`, `an array of 3 items`, or `an object with 2 members`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.description
        case .string(let string): return quoted(string)
        case .array(let elements): return elements.count == 1 ? "an array of 1 item" : "an array of \(elements.count) items"
        case .object(let object):
            return object.count == 1 ? "an object with 1 member" : "an object with \(object.count) members"
        }
    }

    /// A string quoted as canonical JSON, cut to ``maximumQuotedLength`` characters with `…` after the quote.
    static func quoted(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard scalars.count > maximumQuotedLength else { return CanonicalJSONWriter.quoted(string) }
        var cut = ""
        cut.unicodeScalars.append(contentsOf: scalars.prefix(maximumQuotedLength))
        return CanonicalJSONWriter.quoted(cut) + "…"
    }

    /// A value as a literal for `enum` and `const` lists: strings unquoted when they are plain words starting with a
    /// letter (so `SEV1`, `rate-limited`), everything else as ``describe(_:)`` renders it.
    static func literal(_ value: JSONValue) -> String {
        if case .string(let string) = value, let first = string.utf8.first,
           (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20), string.utf8.count <= 64,
           string.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }) {
            return string
        }
        return describe(value)
    }
}

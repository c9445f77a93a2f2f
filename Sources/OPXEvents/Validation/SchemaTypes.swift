/// The set of JSON types a `type` keyword allows.
///
/// `integer` is a subset of `number`: a number with a zero fractional part (so `1.0` is an integer, as JSON Schema
/// 2020-12 says).
struct SchemaTypes: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    static let null = SchemaTypes(rawValue: 1 << 0)
    static let boolean = SchemaTypes(rawValue: 1 << 1)
    static let object = SchemaTypes(rawValue: 1 << 2)
    static let array = SchemaTypes(rawValue: 1 << 3)
    static let number = SchemaTypes(rawValue: 1 << 4)
    static let string = SchemaTypes(rawValue: 1 << 5)
    static let integer = SchemaTypes(rawValue: 1 << 6)
    static let all: SchemaTypes = [.null, .boolean, .object, .array, .number, .string, .integer]

    /// The type for a `type` keyword name, or `nil` for an unknown name.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "string": self = .string
        case "integer": self = .integer
        default: return nil
        }
    }

    /// Whether a value has one of the allowed types.
    @inline(__always)
    func admits(_ value: borrowing JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        case .number(let number):
            if contains(.number) { return true }
            return contains(.integer) && number.double.rounded(.towardZero) == number.double
        }
    }

    /// `a string`, `an integer or null`, … for messages.
    var phrase: String {
        let names: [(SchemaTypes, String)] = [
            (.object, "an object"), (.array, "an array"), (.string, "a string"), (.number, "a number"),
            (.integer, "an integer"), (.boolean, "a boolean"), (.null, "null"),
        ]
        var parts = names.filter { contains($0.0) }.map(\.1)
        if contains(.number) { parts.removeAll { $0 == "an integer" } }
        switch parts.count {
        case 0: return "nothing"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " or " + parts[parts.count - 1]
        }
    }
}

import Foundation
import OPXEvents

// Small builders for the payloads the engine writes directly instead of through Codable (which encodes to text
// and parses it back). Each gives the value Codable's `JSONEncoder` would.

extension JSONObject {
    /// Sets `key` only when `value` is present: Codable leaves an absent optional out rather than writing `null`.
    mutating func set(_ key: String, ifPresent value: JSONValue?) {
        if let value { set(key, value) }
    }
}

extension JSONValue {
    /// An integer number.
    static func int(_ value: Int) -> JSONValue { .number(JSONNumber(Int64(value))) }

    /// A finite double.
    static func double(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }

    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// An array of agent names.
    static func agents(_ values: [AgentName]) -> JSONValue { .array(values.map { .string($0.rawValue) }) }

    /// A decimal as `JSONEncoder` writes it: its exact decimal text, read back as a JSON number. A NaN decimal has
    /// no JSON form and gives `null`, which the event's schema then rejects with the field's pointer.
    static func decimal(_ value: Decimal) -> JSONValue {
        JSONNumber(decimal: value).map(JSONValue.number) ?? .null
    }
}

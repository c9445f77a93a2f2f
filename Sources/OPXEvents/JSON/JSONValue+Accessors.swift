extension JSONValue {
    /// The member for a key when this is an object; `nil` for a missing key or a non-object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at an index when this is an array and the index is in range; otherwise `nil`.
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, when this is a string.
    package var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The number as an exact `Int64`, when this is a number with an integral value that fits.
    ///
    /// Integers written without fraction or exponent keep all their digits, even above 2^53; other numbers convert
    /// from their double only when it is integral and in range, so `2.0` gives `2` and `2.5` gives `nil`.
    package var int64Value: Int64? {
        guard case .number(let number) = self else { return nil }
        return number.integer ?? Int64(exactly: number.double)
    }

    /// The number as a double, when this is a number.
    package var doubleValue: Double? {
        guard case .number(let number) = self else { return nil }
        return number.double
    }

    /// The number, when this is a number.
    package var numberValue: JSONNumber? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// The Boolean, when this is `true` or `false`.
    package var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The elements, when this is an array.
    package var arrayValue: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members, when this is an object.
    package var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// Whether this is `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null` from `nil`.
    ///
    /// Beware the conditional operator: in `found ? value : nil` the `nil` becomes `.null`, not a missing value.
    package init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates `true` or `false`.
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates an integer number.
    package init(integerLiteral value: Int64) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates a number from a finite double.
    package init(floatLiteral value: Double) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a string.
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array.
    package init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object; repeating a key is a programmer error, as it is for `Dictionary`.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        let object: JSONObject
        do {
            object = try JSONObject(elements)
        } catch {
            preconditionFailure("\(error)")
        }
        self = .object(object)
    }
}

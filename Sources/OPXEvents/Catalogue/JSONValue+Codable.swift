extension JSONValue: Codable {
    /// Decodes any JSON value; numbers keep their integer form when they have one.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(JSONNumber(integer))
        } else if let double = try? container.decode(Double.self) {
            self = .number(JSONNumber(double))
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    /// Encodes the value; integers as integers, other numbers as doubles.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            if let integer = number.integer { try container.encode(integer) } else { try container.encode(number.double) }
        case .string(let string): try container.encode(string)
        case .array(let elements): try container.encode(elements)
        case .object(let object): try container.encode(object)
        }
    }
}

extension JSONObject: Codable {
    /// Decodes a JSON object.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONCodingKey.self)
        var pairs: [(String, JSONValue)] = []
        for key in container.allKeys {
            pairs.append((key.stringValue, try container.decode(JSONValue.self, forKey: key)))
        }
        self = try JSONObject(pairs)
    }

    /// Encodes the members.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONCodingKey.self)
        for member in storage {
            try container.encode(member.value, forKey: JSONCodingKey(stringValue: member.key))
        }
    }
}

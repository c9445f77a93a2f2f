import OPXEvents

/// Builds an event payload member by member, as the catalogue's Codable encoding would (absent optionals are left
/// out, times in ``Timestamp/payloadText`` form), without a round trip through `JSONEncoder`.
struct PayloadObject {
    private var members: [(String, JSONValue)] = []

    /// Adds a text member; nothing for `nil`.
    mutating func add(_ key: String, _ value: String?) {
        if let value { members.append((key, .string(value))) }
    }

    /// Adds an id member; nothing for `nil`.
    mutating func add(_ key: String, _ value: EntityID?) {
        add(key, value?.description)
    }

    /// Adds a time member; nothing for `nil`.
    mutating func add(_ key: String, _ value: Timestamp?) {
        add(key, value?.payloadText)
    }

    /// Adds a member for a string-valued enumeration such as a severity; nothing for `nil`.
    mutating func add<Value: RawRepresentable<String>>(_ key: String, _ value: Value?) {
        add(key, value?.rawValue)
    }

    /// Adds an array of ids; nothing for `nil`.
    mutating func add(_ key: String, _ ids: [EntityID]?) {
        add(key, ids?.map(\.description))
    }

    /// Adds an array of texts; nothing for `nil`.
    mutating func add(_ key: String, _ texts: [String]?) {
        if let texts { members.append((key, .array(texts.map(JSONValue.string)))) }
    }

    /// Adds an object of text members; nothing for `nil`.
    mutating func add(_ key: String, _ map: [String: String]?) {
        guard let map else { return }
        members.append((key, .object(try! JSONObject(map.map { ($0.key, JSONValue.string($0.value)) }))))
    }

    /// The object. Every key is added once by the payload builders, so it cannot hold a duplicate.
    var value: JSONValue { .object(try! JSONObject(members)) }
}

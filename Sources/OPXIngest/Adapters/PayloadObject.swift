import OPXEvents

/// Builds an event payload member by member, as the catalogue's Codable encoding would (absent optionals are left
/// out, times in ``Timestamp/payloadText`` form), without a round trip through `JSONEncoder`. Members go straight
/// into their place in key order (a binary search each), not into a list sorted at the end.
struct PayloadObject {
    private var object = JSONObject()

    /// Adds a text member; nothing for `nil`.
    mutating func add(_ key: String, _ value: String?) {
        if let value { object.set(key, .string(value)) }
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
        if let texts { object.set(key, .array(texts.map(JSONValue.string))) }
    }

    /// Adds an object of text members; nothing for `nil`.
    mutating func add(_ key: String, _ map: [String: String]?) {
        guard let map else { return }
        var members = JSONObject()
        for (name, text) in map { members.set(name, .string(text)) }
        object.set(key, .object(members))
    }

    /// The object. Every key is added once by the payload builders, so none replaces another.
    var value: JSONValue { .object(object) }
}

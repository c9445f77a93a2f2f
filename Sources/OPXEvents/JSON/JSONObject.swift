/// The members of a JSON object: unique keys kept sorted by UTF-16 code units, the RFC 8785 order.
///
/// Because members are always in canonical order, ``CanonicalJSONWriter`` writes them without sorting, and two
/// objects with the same members are equal whatever order their source text used. Keys compare by exact Unicode
/// scalars, so `"é"` and `"e\u{301}"` are two different keys.
///
/// ```swift
/// var data: JSONObject = ["b": 2, "a": 1]
/// data.set("c", "three")
/// data.keys          // ["a", "b", "c"]
/// data["a"]          // .number(1)
/// ```
package struct JSONObject: Sendable {
    /// The members in UTF-16 key order; keys are unique.
    private(set) var storage: [Member]

    /// The members in UTF-16 key order, as `(key:value:)` pairs; keys are unique.
    package var members: Members { Members(storage: storage) }

    /// Creates an empty object.
    package init() {
        storage = []
    }

    /// Creates an object from key-value pairs in any order.
    ///
    /// - Parameter pairs: The members. Keys must be unique.
    /// - Throws: ``DuplicateKeyError`` naming the first key that appears twice.
    package init(_ pairs: [(String, JSONValue)]) throws(DuplicateKeyError) {
        var sorted = pairs.map { Member(key: $0.0, value: $0.1) }
        // Stable, so that "first duplicate" is well defined.
        let order = sorted.indices.sorted { left, right in
            let result = UTF16CodeUnitOrder.compare(sorted[left].key, sorted[right].key)
            return result < 0 || (result == 0 && left < right)
        }
        sorted = order.map { sorted[$0] }
        for index in sorted.indices.dropFirst()
        where UTF16CodeUnitOrder.compare(sorted[index - 1].key, sorted[index].key) == 0 {
            throw DuplicateKeyError(key: sorted[index].key)
        }
        storage = sorted
    }

    /// Wraps members the parser has already sorted and checked for duplicates.
    init(uncheckedSortedMembers members: [Member]) {
        storage = members
    }

    /// The number of members.
    package var count: Int { storage.count }

    /// Whether the object has no members.
    package var isEmpty: Bool { storage.isEmpty }

    /// The keys in UTF-16 order.
    package var keys: [String] { storage.map(\.key) }

    /// The values in key order.
    package var values: [JSONValue] { storage.map(\.value) }

    /// The value for a key, or `nil`; assigning `nil` removes the member.
    package subscript(key: String) -> JSONValue? {
        get {
            let (found, index) = position(of: key)
            guard found else { return nil }
            return storage[index].value
        }
        set {
            if let newValue {
                set(key, newValue)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Adds a member or replaces the value of an existing one, keeping the key order.
    ///
    /// - Parameters:
    ///   - key: The member's key.
    ///   - value: The member's value.
    package mutating func set(_ key: String, _ value: JSONValue) {
        let (found, index) = position(of: key)
        if found {
            storage[index].value = value
        } else {
            storage.insert(Member(key: key, value: value), at: index)
        }
    }

    /// Removes a member.
    ///
    /// - Parameter key: The member's key.
    /// - Returns: The removed value, or `nil` if there was no such member.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> JSONValue? {
        let (found, index) = position(of: key)
        guard found else { return nil }
        return storage.remove(at: index).value
    }

    /// Finds a key by binary search: its index if present, else the index where it would be inserted.
    private func position(of key: String) -> (found: Bool, index: Int) {
        var low = 0
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            let result = UTF16CodeUnitOrder.compare(storage[middle].key, key)
            if result == 0 { return (true, middle) }
            if result < 0 { low = middle + 1 } else { high = middle }
        }
        return (false, low)
    }
}

extension JSONObject: Hashable {
    /// Returns whether two objects have the same keys, compared by exact scalars, with equal values.
    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.storage.count == rhs.storage.count else { return false }
        for (left, right) in zip(lhs.storage, rhs.storage) {
            guard UTF16CodeUnitOrder.equal(left.key, right.key), left.value == right.value else { return false }
        }
        return true
    }

    /// Hashes the members consistently with ``==(_:_:)``.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(storage.count)
        for member in storage {
            UTF16CodeUnitOrder.hash(member.key, into: &hasher)
            hasher.combine(member.value)
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object from a literal; repeating a key is a programmer error, as it is for `Dictionary`.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        let object: JSONObject
        do {
            object = try JSONObject(elements)
        } catch {
            preconditionFailure("\(error)")
        }
        self = object
    }
}

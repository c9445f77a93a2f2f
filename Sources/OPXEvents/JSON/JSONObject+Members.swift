extension JSONObject {
    /// One stored member.
    ///
    /// A struct rather than a tuple: arrays of tuples go through the runtime's generic tuple witnesses, which showed
    /// up at several percent of parse time.
    struct Member: Sendable {
        var key: String
        var value: JSONValue
    }

    /// The members of an object as `(key:value:)` pairs, in UTF-16 key order.
    ///
    /// ```swift
    /// for (key, value) in object.members { print(key, value) }
    /// ```
    package struct Members: RandomAccessCollection, Sendable {
        let storage: [Member]

        /// The position of the first member.
        package var startIndex: Int { 0 }

        /// The position after the last member.
        package var endIndex: Int { storage.count }

        /// The member at a position.
        package subscript(position: Int) -> (key: String, value: JSONValue) {
            let member = storage[position]
            return (member.key, member.value)
        }
    }
}

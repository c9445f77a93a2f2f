package import OPXEvents

/// Reads one section of the JSON configuration file, naming the file and key path in every error.
///
/// Each section type reads its own keys through it; ``finish()`` rejects keys nobody read, so a typo such as
/// `"timeoutMS"` is an error rather than a silently ignored setting.
///
/// ```swift
/// var reader = try ConfigReader(value, path: "graph", file: "opx.json")
/// let concurrency = try reader.int("concurrency", default: 5, in: 1...64)
/// try reader.finish()
/// ```
package struct ConfigReader {
    /// The key path of this object, such as `graph.agents[2]`.
    package let path: String
    /// The configuration file, for messages.
    package let file: String
    private let object: JSONObject
    private var read: Set<String> = []

    /// Wraps `value`, which must be an object.
    ///
    /// - Throws: ``RuntimeError`` when it is not an object.
    package init(_ value: JSONValue, path: String, file: String) throws {
        guard let object = value.objectValue else {
            throw RuntimeError.configuration("\(path) must be a JSON object", file: file)
        }
        self.object = object
        self.path = path
        self.file = file
    }

    /// The raw value of `key`, marked as read.
    package mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        return object[key]
    }

    /// The keys of this object, in key order (for map-shaped sections).
    package var keys: [String] { object.keys }

    /// The error for a bad value of `key`.
    package func error(_ key: String, _ problem: String) -> RuntimeError {
        RuntimeError.configuration("\(path).\(key) \(problem)", file: file)
    }

    /// An integer in `range`, or `fallback` when absent.
    package mutating func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let value = value(key) else { return fallback }
        guard let int = value.int64Value, range.contains(Int(int)) else {
            throw error(key, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(int)
    }

    /// An integer in `range`, or `nil` when absent.
    package mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard value(key) != nil else { return nil }
        return try int(key, default: 0, in: range)
    }

    /// A non-negative number, or `nil` when absent.
    package mutating func number(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue, number >= 0, number.isFinite else { throw error(key, "must be a number ≥ 0") }
        return number
    }

    /// A positive finite number, or `nil` when absent.
    package mutating func positive(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue, number > 0, number.isFinite else { throw error(key, "must be a positive number") }
        return number
    }

    /// One of `choices` (by raw value), or `nil` when absent.
    package mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, among choices: [Choice] = Array(Choice.allCases)) throws -> Choice?
        where Choice.RawValue == String {
        guard let value = value(key) else { return nil }
        guard let choice = value.stringValue.flatMap(Choice.init(rawValue:)), choices.contains(where: { $0.rawValue == choice.rawValue }) else {
            throw error(key, "must be one of \(choices.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    /// One of `choices` (by raw value), or `fallback` when absent.
    package mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default fallback: Choice,
                                                                           among choices: [Choice] = Array(Choice.allCases)) throws -> Choice
        where Choice.RawValue == String {
        try choice(key, among: choices) ?? fallback
    }

    /// A string, or `nil` when absent.
    package mutating func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue, !string.isEmpty else { throw error(key, "must be a non-empty string") }
        return string
    }

    /// A Boolean, or `fallback` when absent.
    package mutating func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = value(key) else { return fallback }
        guard let bool = value.boolValue else { throw error(key, "must be true or false") }
        return bool
    }

    /// An array of strings, or `nil` when absent.
    package mutating func strings(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        let strings = value.arrayValue?.compactMap(\.stringValue)
        guard let strings, strings.count == value.arrayValue?.count else { throw error(key, "must be an array of strings") }
        return strings
    }

    /// An object of string values, or `[:]` when absent.
    package mutating func stringMap(_ key: String) throws -> [String: String] {
        guard let value = value(key) else { return [:] }
        var nested = try ConfigReader(value, path: "\(path).\(key)", file: file)
        var map: [String: String] = [:]
        for name in nested.keys {
            guard let string = nested.value(name)?.stringValue else { throw nested.error(name, "must be a string") }
            map[name] = string
        }
        return map
    }

    /// A nested object reader for `key`, or `nil` when absent.
    package mutating func object(_ key: String) throws -> ConfigReader? {
        guard let value = value(key) else { return nil }
        return try ConfigReader(value, path: "\(path).\(key)", file: file)
    }

    /// Readers for the objects of the array under `key`, or `nil` when absent.
    package mutating func objects(_ key: String) throws -> [ConfigReader]? {
        guard let value = value(key) else { return nil }
        guard let array = value.arrayValue else { throw error(key, "must be an array of objects") }
        return try array.enumerated().map { try ConfigReader($1, path: "\(path).\(key)[\($0)]", file: file) }
    }

    /// Rejects keys that were never read.
    ///
    /// - Throws: ``RuntimeError`` naming the first unknown key and the known ones.
    package func finish(known: [String] = []) throws {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            let expected = known.isEmpty ? read.sorted() : known
            throw RuntimeError.configuration("unknown key \(path).\(unknown) (known keys: \(expected.joined(separator: ", ")))", file: file)
        }
    }
}

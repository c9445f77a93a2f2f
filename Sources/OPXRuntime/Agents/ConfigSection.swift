import Foundation

/// Reads one top-level section of the opx config file (`--config`, `$OPX_CONFIG` or `<data dir>/opx.json`).
///
/// Each section type decodes itself with ``ConfigKey`` and ``Decoder/rejectUnknownKeys(_:)``, so an unknown key
/// inside a section is an error naming its key path and the file; a missing section means defaults.
///
/// ```swift
/// let guardrails = try ConfigSection.load(GuardrailConfiguration.self, key: "guardrails", fromConfigFile: path) ?? .init()
/// ```
package enum ConfigSection {
    /// The section `key` of the JSON file at `path`, or `nil` when there is no file or no such key.
    ///
    /// - Parameters:
    ///   - type: The section's type.
    ///   - key: The top-level key, such as `guardrails`.
    ///   - path: The config file; `nil` means built-in defaults.
    /// - Returns: The decoded section, or `nil` when absent.
    /// - Throws: ``ConfigError`` naming the file and the key path of what is wrong.
    package static func load<Section: Decodable>(_ type: Section.Type, key: String, fromConfigFile path: String?) throws -> Section? {
        guard let path else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("cannot read config file \(path): \(error.localizedDescription)")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigError("config file \(path) is not valid JSON; check it with `python3 -m json.tool \(path)`")
        }
        guard let object = root as? [String: Any] else {
            throw ConfigError("config file \(path) must hold a JSON object with one key per section")
        }
        guard let section = object[key] else { return nil }
        do {
            let sectionData = try JSONSerialization.data(withJSONObject: section, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(Section.self, from: sectionData)
        } catch let error as DecodingError {
            throw ConfigError("config file \(path): \(describe(error, section: key))")
        }
    }

    /// The directory holding the config file, for resolving relative paths in it.
    package static func directory(ofConfigFile path: String?) -> String {
        guard let path else { return FileManager.default.currentDirectoryPath }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// A decoding error as `<section>.<path>: <what>`.
    private static func describe(_ error: DecodingError, section: String) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(section) { base, key in key.intValue.map { "\(base)[\($0)]" } ?? "\(base).\(key.stringValue)" }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(section): \(error)"
        }
    }
}

/// A configuration problem: what is wrong, where (file and key path) and how to fix it.
package struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The message.
    package let description: String

    /// Creates an error with `message`.
    package init(_ message: String) { description = message }
}

/// Any key of a config section, for decoding with unknown-key checks.
package struct ConfigKey: CodingKey, Hashable {
    /// The key.
    package let stringValue: String
    /// Always `nil`: config keys are names.
    package var intValue: Int? { nil }

    /// Creates a key.
    package init(_ name: String) { stringValue = name }
    /// Creates a key.
    package init?(stringValue: String) { self.stringValue = stringValue }
    /// Never: config keys are names.
    package init?(intValue: Int) { nil }
}

extension Decoder {
    /// The section's keyed container, after checking that every key is one of `known`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the unknown key and listing the known ones.
    package func rejectUnknownKeys(_ known: [String]) throws -> KeyedDecodingContainer<ConfigKey> {
        let container = try container(keyedBy: ConfigKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key],
                                                   debugDescription: "unknown key; known keys: \(known.joined(separator: ", "))"))
        }
        return container
    }
}

extension KeyedDecodingContainer where Key == ConfigKey {
    /// The value at `key`, or `fallback` when absent.
    package func value<T: Decodable>(_ key: String, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: ConfigKey(key)) ?? fallback
    }

    /// A positive number at `key`, or `fallback` when absent.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when it is zero or negative.
    package func positive(_ key: String, default fallback: Double) throws -> Double {
        let value = try decodeIfPresent(Double.self, forKey: ConfigKey(key)) ?? fallback
        guard value > 0, value.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: ConfigKey(key), in: self, debugDescription: "must be a positive number")
        }
        return value
    }
}

import Foundation
package import OPXEvents

/// The opx configuration file (`--config`, `$OPX_CONFIG` or `<data dir>/opx.json`): one JSON object whose top-level
/// keys are sections, each read by the part of opx it configures through a ``ConfigReader``.
///
/// ```swift
/// guard var reader = try ConfigFile.section("budgets", fromConfigFile: path) else { return .init() }
/// let monthly = try reader.positive("monthlyUsd")
/// try reader.finish()
/// ```
package enum ConfigFile {
    /// The file's root object.
    ///
    /// - Throws: ``RuntimeError`` when the file cannot be read, is not JSON or not an object.
    package static func root(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError.configuration("cannot read the file (check --config, OPX_CONFIG or <data dir>/opx.json)", file: path)
        }
        let root: JSONValue
        do { root = try JSONParser.parse(Array(data)) } catch {
            throw RuntimeError.configuration("is not valid JSON: \(error); check it with `python3 -m json.tool \(path)`", file: path)
        }
        guard root.objectValue != nil else { throw RuntimeError.configuration("must hold a JSON object of sections", file: path) }
        return root
    }

    /// A reader of the section `key`, or `nil` when there is no file (`path` is `nil`) or no such section.
    ///
    /// - Throws: ``RuntimeError`` when the file is unreadable or the section is not an object.
    package static func section(_ key: String, fromConfigFile path: String?) throws -> ConfigReader? {
        guard let path, let value = try root(path)[key] else { return nil }
        return try ConfigReader(value, path: key, file: path)
    }

    /// The directory holding the config file, for relative paths in it (the working directory without a file).
    package static func directory(ofConfigFile path: String?) -> String {
        guard let path else { return FileManager.default.currentDirectoryPath }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}

import Foundation
import OPXEvents
import Testing

/// The repository files the catalogue tests read: `Schemas/` (outside any target, found from `#filePath`) and the
/// golden fixtures next to this file.
enum TestFiles {
    /// `Tests/OPXEventsTests/`.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository root.
    static let root = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    /// `Schemas/`.
    static let schemas = root.appendingPathComponent("Schemas")
    /// `Tests/OPXEventsTests/Fixtures/`.
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")

    /// Every `*.schema.json` under `Schemas/`, by path relative to it.
    static func schemaFiles() -> [String: String] {
        var result: [String: String] = [:]
        for url in files(under: schemas) where url.lastPathComponent.hasSuffix(".schema.json") {
            result[relativePath(url, to: schemas)] = try? String(contentsOf: url, encoding: .utf8)
        }
        return result
    }

    /// Every `.json` file under a folder, sorted by path.
    static func files(under folder: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var result: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "json" { result.append(url) }
        }
        return result.sorted { $0.path < $1.path }
    }

    static func relativePath(_ url: URL, to folder: URL) -> String {
        String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
    }

    /// Parses a JSON file with opx's parser.
    static func json(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(Array(Data(contentsOf: url)))
    }

    // MARK: - Fixtures

    /// A golden payload that must validate and decode forever.
    struct ValidFixture: Sendable, CustomTestStringConvertible {
        /// The path relative to `Fixtures/`.
        let path: String
        /// The schema it follows, such as `opx:event/signal.ingested/v1`.
        let schemaID: String
        /// For event payloads: the type and version.
        let event: (type: EventType, version: UInt16)?
        let value: JSONValue
        var testDescription: String { path }
    }

    /// A payload that must be rejected with a given keyword at a given pointer.
    struct InvalidFixture: Sendable, CustomTestStringConvertible {
        let path: String
        let schemaID: String
        let keyword: String
        let pointer: String
        let instance: JSONValue
        var testDescription: String { path }
    }

    static func validFixtures() -> [ValidFixture] {
        let folder = fixtures.appendingPathComponent("valid")
        return files(under: folder).compactMap { url in
            let name = url.lastPathComponent
            guard let range = name.range(of: #"\.v[1-9][0-9]*(\.[a-z0-9-]+)?\.json$"#, options: .regularExpression),
                  let value = try? json(url) else { return nil }
            let base = String(name[..<range.lowerBound])
            let versionText = name[range].dropFirst(2).prefix { $0.isNumber }
            let version = UInt16(versionText) ?? 0
            switch url.deletingLastPathComponent().lastPathComponent {
            case "agents":
                return ValidFixture(path: relativePath(url, to: fixtures), schemaID: "opx:agent/\(base)/v\(version)",
                                    event: nil, value: value)
            case "envelope":
                return ValidFixture(path: relativePath(url, to: fixtures), schemaID: "opx:envelope/v\(version)",
                                    event: nil, value: value)
            default:
                return ValidFixture(path: relativePath(url, to: fixtures), schemaID: "opx:event/\(base)/v\(version)",
                                    event: (EventType(unchecked: base), version), value: value)
            }
        }
    }

    static func invalidFixtures() -> [InvalidFixture] {
        files(under: fixtures.appendingPathComponent("invalid")).compactMap { url in
            guard let fixture = try? json(url), let schemaID = fixture["schema"]?.stringValue,
                  let keyword = fixture["expect"]?["keyword"]?.stringValue,
                  let pointer = fixture["expect"]?["pointer"]?.stringValue, let instance = fixture["instance"] else {
                return nil
            }
            return InvalidFixture(path: relativePath(url, to: fixtures), schemaID: schemaID, keyword: keyword,
                                  pointer: pointer, instance: instance)
        }
    }

    /// Validates a value against any opx schema id: events through a registry, agent outputs, or the envelope.
    static func validate(_ value: JSONValue, schemaID: String, registry: EventRegistry) throws(CatalogueError) {
        if schemaID.hasPrefix("opx:agent/") {
            try registry.validateAgentOutput(value, schemaID: schemaID)
        } else if schemaID.hasPrefix("opx:envelope/") {
            try EventRegistry.validateEnvelope(value)
        } else {
            let rest = schemaID.dropFirst("opx:event/".count)
            let slash = rest.lastIndex(of: "/")!
            let type = EventType(unchecked: String(rest[..<slash]))
            let version = UInt16(rest[rest.index(slash, offsetBy: 2)...])!
            try registry.validate(type: type, version: version, payload: value)
        }
    }
}

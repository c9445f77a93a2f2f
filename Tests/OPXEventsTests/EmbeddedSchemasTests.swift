import Foundation
import OPXEvents
import Testing

@Suite struct EmbeddedSchemasTests {
    @Test func embeddedCopyEqualsSchemasFolder() {
        let files = TestFiles.schemaFiles()
        #expect(!files.isEmpty, "no schemas found under \(TestFiles.schemas.path)")
        #expect(Set(EmbeddedSchemas.files.keys) == Set(files.keys), "run Tools/schemas/embed.sh")
        for (path, text) in files {
            #expect(EmbeddedSchemas.files[path] == text, "\(path) differs from its embedded copy: run Tools/schemas/embed.sh")
        }
    }

    @Test func everySchemaCompilesAndHasTheIdOfItsPath() throws {
        for (path, text) in TestFiles.schemaFiles().sorted(by: { $0.key < $1.key }) {
            let schema = try JSONSchema(JSONParser.parse(text))
            let parts = path.split(separator: "/")
            let expected: String
            if parts.count == 3 {
                let kind = parts[0] == "events" ? "event" : "agent"
                expected = "opx:\(kind)/\(parts[1])/\(parts[2].dropLast(".schema.json".count))"
            } else {
                expected = "opx:envelope/v1"
            }
            #expect(schema.id == expected, "\(path)")
            #expect(schema.document["$schema"] == .string(SchemaKeywords.dialect), "\(path)")
        }
    }

    /// Every keyword any schema uses must be one the validator enforces (or a known annotation).
    @Test func schemasUseOnlySupportedKeywords() throws {
        var used: Set<String> = []
        for (path, text) in TestFiles.schemaFiles() {
            let keywords = SchemaKeywordWalker.keywords(in: try JSONParser.parse(text))
            let unsupported = keywords.subtracting(SchemaKeywords.assertions + SchemaKeywords.structural)
            #expect(unsupported.isEmpty, "\(path) uses unsupported keywords \(unsupported.sorted())")
            used.formUnion(keywords)
        }
        // The schemas exercise most of what the validator supports; these few are there for custom types.
        let unused = Set(SchemaKeywords.assertions).subtracting(used)
        #expect(unused.isSubset(of: ["patternProperties", "prefixItems", "minProperties", "multipleOf", "allOf", "anyOf",
                                     "oneOf", "exclusiveMaximum"]), "\(unused.sorted())")
    }

    @Test func formatsUsedAreAsserted() throws {
        var formats: Set<String> = []
        for text in TestFiles.schemaFiles().values {
            SchemaKeywordWalker.visit(try JSONParser.parse(text)) { schema in
                if let format = schema["format"]?.stringValue { formats.insert(format) }
            }
        }
        #expect(formats == Set(SchemaKeywords.formats))
    }

    /// `Schemas/README.md` lists exactly the keywords and formats the validator supports.
    @Test func readmeListsTheSupportedKeywords() throws {
        let readme = try String(contentsOf: TestFiles.schemas.appendingPathComponent("README.md"), encoding: .utf8)
        func listed(after heading: String) -> Set<String> {
            guard let start = readme.range(of: heading) else { return [] }
            let line = readme[start.upperBound...].prefix { $0 != "\n" }
            return Set(line.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        }
        #expect(listed(after: "Assertions:") == Set(SchemaKeywords.assertions))
        #expect(listed(after: "Structure and annotations:") == Set(SchemaKeywords.structural))
        #expect(listed(after: "Formats (asserted):") == Set(SchemaKeywords.formats))
    }
}

/// Walks a schema document, visiting every subschema (only places where the spec puts schemas).
enum SchemaKeywordWalker {
    static let schemaMaps = ["properties", "$defs", "patternProperties"]
    static let schemaValues = ["additionalProperties", "items", "not", "propertyNames"]
    static let schemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"]

    static func keywords(in document: JSONValue) -> Set<String> {
        var result: Set<String> = []
        visit(document) { schema in result.formUnion(schema.objectValue?.keys ?? []) }
        return result
    }

    static func visit(_ schema: JSONValue, _ body: (JSONValue) -> Void) {
        guard case .object(let object) = schema else { return }
        body(schema)
        for name in schemaMaps { for (_, sub) in object[name]?.objectValue?.members ?? JSONObject().members { visit(sub, body) } }
        for name in schemaValues { if let sub = object[name] { visit(sub, body) } }
        for name in schemaArrays { for sub in object[name]?.arrayValue ?? [] { visit(sub, body) } }
    }
}

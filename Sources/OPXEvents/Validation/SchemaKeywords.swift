/// The JSON Schema 2020-12 keywords opx's validator understands.
///
/// ``SchemaCompiler`` rejects a schema that uses any keyword not listed here, so every keyword a schema relies on
/// is enforced (or, for annotations, knowingly ignored). `Schemas/README.md` lists the same sets; a test keeps them
/// equal.
package enum SchemaKeywords {
    /// Keywords that constrain values.
    package static let assertions: [String] = [
        "$ref", "type", "enum", "const",
        "required", "properties", "additionalProperties", "patternProperties", "propertyNames",
        "minProperties", "maxProperties",
        "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "allOf", "anyOf", "oneOf", "not",
    ]

    /// Keywords that identify, structure, or annotate a schema without constraining values.
    package static let structural: [String] = [
        "$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default", "deprecated",
        "readOnly", "writeOnly",
    ]

    /// The `format` values that are asserted; any other format is rejected.
    package static let formats: [String] = SchemaFormat.allCases.map(\.rawValue)

    /// The only `$schema` value accepted.
    package static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// Every supported keyword.
    static let all: Set<String> = Set(assertions + structural)
}

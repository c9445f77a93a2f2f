/// A JSON Schema (draft 2020-12 subset) compiled once into a tree of checks, ready to validate many values.
///
/// Compiling rejects anything the validator would not enforce (see ``SchemaKeywords``), so a schema that compiles
/// is enforced in full. Validation works directly on ``JSONValue``: the common case, a valid value, walks the tree
/// once without allocating; only an invalid value is walked a second time to collect every failure with its JSON
/// Pointer.
///
/// ```swift
/// let schema = try JSONSchema(JSONParser.parse(#"{"type":"object","required":["id"]}"#))
/// try schema.validate(["id": 7])        // passes
/// try schema.validate([:])              // throws: /id: expected a required member, found none
/// ```
package struct JSONSchema: Sendable {
    /// The schema's `$id`, if it has one.
    package let id: String?
    /// The schema document as given.
    package let document: JSONValue
    /// Every node, owning them so that the unowned `$ref` links between them stay valid.
    let nodes: [SchemaNode]
    /// The root node.
    let root: SchemaNode

    /// Compiles a schema document.
    ///
    /// - Parameter document: A JSON Schema: an object or a boolean.
    /// - Throws: ``SchemaError`` for a malformed schema or one that uses an unsupported keyword, format, `$ref`
    ///   form, or `pattern` syntax.
    package init(_ document: JSONValue) throws(SchemaError) {
        var compiler = SchemaCompiler(document: document)
        root = try compiler.compileDocument()
        nodes = compiler.nodes
        self.document = document
        id = document["$id"]?.stringValue
    }

    /// Whether a value is valid; the allocation-free fast path.
    ///
    /// - Parameter value: The value to check.
    /// - Returns: `true` when the value matches the schema.
    package func isValid(_ value: JSONValue) -> Bool {
        var validator = SchemaValidator(reporter: FirstFailureReporter())
        return validator.validate(value, root, depth: 0)
    }

    /// Checks a value and throws every failure found.
    ///
    /// - Parameter value: The value to check.
    /// - Throws: ``ValidationError`` listing the failures (up to ``ValidationError/maximumFailures``).
    package func validate(_ value: JSONValue) throws(ValidationError) {
        if isValid(value) { return }
        let found = failures(of: value)
        throw ValidationError(failures: found.isEmpty
            ? [ValidationFailure(pointer: "", keyword: "schema", expected: "a valid value", found: "an invalid one")]
            : found)
    }

    /// Every failure of a value (empty when it is valid).
    ///
    /// - Parameter value: The value to check.
    /// - Returns: The failures in document order, up to ``ValidationError/maximumFailures``.
    package func failures(of value: JSONValue) -> [ValidationFailure] {
        var validator = SchemaValidator(reporter: CollectingReporter())
        _ = validator.validate(value, root, depth: 0)
        return validator.reporter.failures
    }
}

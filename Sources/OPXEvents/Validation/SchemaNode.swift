/// One compiled subschema: every keyword of a JSON Schema object, resolved into fields the validator reads directly.
///
/// Nodes are built and wired by ``SchemaCompiler`` and never change afterwards; a ``JSONSchema`` owns all of its
/// nodes (``JSONSchema/nodes``), so the `unowned(unsafe)` links between them (children, `$ref` targets) stay valid as
/// long as the schema does, and following one costs no reference counting on the hot path.
///
/// `@unchecked Sendable`: every stored property is written only by ``SchemaCompiler`` before the owning
/// ``JSONSchema`` is returned, and only read afterwards.
final class SchemaNode: @unchecked Sendable {
    /// Whether additional object members are allowed, forbidden, or checked against ``additionalSchema``.
    enum Additional {
        case allowed
        case forbidden
        case schema
    }

    /// One entry of `properties` and/or `required`, kept in RFC 8785 (UTF-16) key order like ``JSONObject``.
    struct Property {
        /// The member name.
        let key: String
        /// The member's schema; `nil` when the name is only `required`. Owned by ``JSONSchema/nodes``.
        unowned(unsafe) var node: SchemaNode?
        /// Whether `required` lists the name.
        var isRequired: Bool
        /// The key's raw words when it is a short ASCII string, for ``KeyOrder/compare(_:_:)``.
        let smallKey: KeyOrder.SmallKey?

        init(key: String, node: SchemaNode?, isRequired: Bool) {
            self.key = key
            self.node = node
            self.isRequired = isRequired
            smallKey = KeyOrder.SmallKey(key)
        }
    }

    /// Where this subschema sits in its document, as a JSON Pointer (for messages).
    let location: String

    /// Whether this is the boolean schema `false`: nothing is valid.
    var rejectsEverything = false
    /// Whether no keyword constrains anything (the schema `true` or `{}`), set by `finish()`.
    private(set) var acceptsAnything = true

    // MARK: - Any type
    var types: SchemaTypes = .all
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    unowned(unsafe) var reference: SchemaNode?
    var referenceText: String?
    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    unowned(unsafe) var not: SchemaNode?

    // MARK: - Strings
    var minLength: Int?
    var maxLength: Int?
    var pattern: RegexPattern?
    var format: SchemaFormat?

    // MARK: - Numbers
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: Double?

    // MARK: - Objects
    var properties: [Property] = []
    var requiredCount = 0
    var additional: Additional = .allowed
    unowned(unsafe) var additionalSchema: SchemaNode?
    var patternProperties: [(RegexPattern, SchemaNode)] = []
    unowned(unsafe) var propertyNames: SchemaNode?
    var minProperties: Int?
    var maxProperties: Int?

    // MARK: - Arrays
    var prefixItems: [SchemaNode] = []
    unowned(unsafe) var items: SchemaNode?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    // MARK: - Summary flags, set by `finish()`
    private(set) var hasStringChecks = false
    private(set) var hasNumberChecks = false
    private(set) var hasObjectChecks = false
    private(set) var hasArrayChecks = false
    private(set) var hasGeneralChecks = false

    init(location: String) {
        self.location = location
    }

    /// Computes the summary flags once every keyword is set.
    func finish() {
        hasStringChecks = minLength != nil || maxLength != nil || pattern != nil || format != nil
        hasNumberChecks = minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil
            || multipleOf != nil
        hasObjectChecks = !properties.isEmpty || !patternProperties.isEmpty || propertyNames != nil
            || minProperties != nil || maxProperties != nil
        if case .allowed = additional {} else { hasObjectChecks = true }
        hasArrayChecks = !prefixItems.isEmpty || items != nil || minItems != nil || maxItems != nil || uniqueItems
        hasGeneralChecks = enumValues != nil || constValue != nil || referenceText != nil || !allOf.isEmpty
            || !anyOf.isEmpty || !oneOf.isEmpty || not != nil
        acceptsAnything = !rejectsEverything && types == .all && !hasGeneralChecks && !hasStringChecks
            && !hasNumberChecks && !hasObjectChecks && !hasArrayChecks
    }

    /// The names `properties` declares, in key order (for messages about unexpected members).
    var declaredNames: [String] {
        properties.compactMap { $0.node == nil ? nil : $0.key }
    }
}

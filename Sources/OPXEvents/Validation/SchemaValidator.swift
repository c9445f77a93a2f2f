/// Walks a ``JSONValue`` against a compiled ``SchemaNode`` tree.
///
/// The walk is generic over a ``ValidationReporter``: specialised with ``FirstFailureReporter`` it is the
/// allocation-free hot path that stops at the first failure; with ``CollectingReporter`` it gathers every failure
/// with its JSON Pointer and message. Recursion depth is bounded (``maximumDepth``), so neither a deep document nor
/// a schema whose `$ref`s loop can overflow the stack.
struct SchemaValidator<Reporter: ValidationReporter> {
    /// The deepest nesting of subschemas (instance levels plus `$ref` and combinator hops) the walk follows.
    static var maximumDepth: Int { 256 }

    var reporter: Reporter

    /// Validates `value` against `node`.
    ///
    /// - Returns: Whether the value is valid.
    mutating func validate(_ value: borrowing JSONValue, _ node: SchemaNode, depth: Int) -> Bool {
        if node.acceptsAnything { return true }
        guard depth < Self.maximumDepth else {
            reporter.fail("$ref", expected: "a document the schema can check within \(Self.maximumDepth) levels",
                          found: "nesting deeper than that")
            return false
        }
        if node.rejectsEverything {
            reporter.fail("false", expected: "nothing (the schema is false)", found: ValueDescription.describe(value))
            return false
        }
        guard node.types.admits(value) else {
            reporter.fail("type", expected: node.types.phrase, found: ValueDescription.describe(value))
            return false
        }
        var valid = true
        if node.hasGeneralChecks {
            valid = validateGeneral(value, node, depth: depth)
            if !valid && Reporter.stopsAtFirstFailure { return false }
        }
        switch value {
        case .string(let string) where node.hasStringChecks:
            valid = validateString(string, node) && valid
        case .number(let number) where node.hasNumberChecks:
            valid = validateNumber(number, node) && valid
        case .object(let object) where node.hasObjectChecks:
            valid = validateObject(object, node, depth: depth) && valid
        case .array(let elements) where node.hasArrayChecks:
            valid = validateArray(elements, node, depth: depth) && valid
        default:
            break
        }
        return valid
    }

    // MARK: - Keywords for any type

    private mutating func validateGeneral(_ value: borrowing JSONValue, _ node: SchemaNode, depth: Int) -> Bool {
        var valid = true
        if let constValue = node.constValue, constValue != value {
            reporter.fail("const", expected: ValueDescription.describe(constValue), found: ValueDescription.describe(value))
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if let enumValues = node.enumValues, !enumValues.contains(value) {
            reporter.fail("enum", expected: "one of " + enumValues.map(ValueDescription.literal).joined(separator: ", "),
                          found: ValueDescription.describe(value))
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if let target = node.reference {
            if !validate(value, target, depth: depth + 1) {
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
            }
        }
        for part in node.allOf where !validate(value, part, depth: depth + 1) {
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if !node.anyOf.isEmpty {
            var matched = false
            for part in node.anyOf where Self.isValid(value, part, depth: depth + 1) {
                matched = true
                break
            }
            if !matched {
                reporter.fail("anyOf", expected: "a value matching at least one of \(node.anyOf.count) schemas",
                              found: ValueDescription.describe(value))
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
            }
        }
        if !node.oneOf.isEmpty {
            var matches = 0
            for part in node.oneOf where Self.isValid(value, part, depth: depth + 1) { matches += 1 }
            if matches != 1 {
                reporter.fail("oneOf", expected: "a value matching exactly one of \(node.oneOf.count) schemas",
                              found: "\(ValueDescription.describe(value)), which matches \(matches)")
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
            }
        }
        if let not = node.not, Self.isValid(value, not, depth: depth + 1) {
            reporter.fail("not", expected: "a value not matching the schema at \(not.location)",
                          found: ValueDescription.describe(value))
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        return valid
    }

    /// Checks a subschema without reporting (for `anyOf`, `oneOf`, and `not`).
    private static func isValid(_ value: borrowing JSONValue, _ node: SchemaNode, depth: Int) -> Bool {
        var validator = SchemaValidator<FirstFailureReporter>(reporter: FirstFailureReporter())
        return validator.validate(value, node, depth: depth)
    }

    // MARK: - Strings and numbers

    private mutating func validateString(_ string: String, _ node: SchemaNode) -> Bool {
        var valid = true
        let bytes = string.utf8.count
        if let maxLength = node.maxLength, bytes > maxLength {
            // Bytes bound code points from above, so only long strings are counted.
            let length = string.unicodeScalars.count
            if length > maxLength {
                reporter.fail("maxLength", expected: "at most \(maxLength) characters", found: "\(length) characters")
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
            }
        }
        // A scalar takes at most four bytes, so (bytes + 3) / 4 bounds code points from below.
        if let minLength = node.minLength, (bytes + 3) / 4 < minLength {
            let length = string.unicodeScalars.count
            if length < minLength {
                reporter.fail("minLength", expected: "at least \(minLength) character\(minLength == 1 ? "" : "s")",
                              found: length == 0 ? "an empty string" : "\(length) characters")
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
            }
        }
        if let format = node.format, !format.accepts(string) {
            reporter.fail("format", expected: format.expectation, found: ValueDescription.quoted(string))
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if let pattern = node.pattern, !pattern.matches(string) {
            reporter.fail("pattern", expected: "a string matching \(pattern.source)", found: ValueDescription.quoted(string))
            valid = false
        }
        return valid
    }

    private mutating func validateNumber(_ number: JSONNumber, _ node: SchemaNode) -> Bool {
        let value = number.double
        var valid = true
        func check(_ ok: Bool, _ keyword: StaticString, _ expected: @autoclosure () -> String) -> Bool {
            guard !ok else { return true }
            reporter.fail(keyword, expected: expected(), found: number.description)
            valid = false
            return !Reporter.stopsAtFirstFailure
        }
        if let minimum = node.minimum, !check(value >= minimum, "minimum", "a number ≥ \(JSONNumber(minimum))") {
            return false
        }
        if let maximum = node.maximum, !check(value <= maximum, "maximum", "a number ≤ \(JSONNumber(maximum))") {
            return false
        }
        if let bound = node.exclusiveMinimum, !check(value > bound, "exclusiveMinimum", "a number > \(JSONNumber(bound))") {
            return false
        }
        if let bound = node.exclusiveMaximum, !check(value < bound, "exclusiveMaximum", "a number < \(JSONNumber(bound))") {
            return false
        }
        if let divisor = node.multipleOf,
           !check(Self.isMultiple(value, of: divisor), "multipleOf", "a multiple of \(JSONNumber(divisor))") {
            return false
        }
        return valid
    }

    /// Whether `value` is an integer multiple of `divisor`, as Python's `jsonschema` decides it.
    private static func isMultiple(_ value: Double, of divisor: Double) -> Bool {
        if value.rounded(.towardZero) == value, divisor.rounded(.towardZero) == divisor,
           let integer = Int64(exactly: value), let step = Int64(exactly: divisor) {
            return integer % step == 0
        }
        let quotient = value / divisor
        return quotient.isFinite && quotient.rounded(.towardZero) == quotient
    }
}

import Foundation

extension SchemaCompiler {
    /// Applies one keyword (other than `properties` and `required`) to a node.
    mutating func apply(_ keyword: String, _ argument: JSONValue, to node: SchemaNode, at here: String,
                        isRoot: Bool) throws(SchemaError) {
        switch keyword {
        // MARK: Identification and annotations
        case "$schema":
            guard isRoot, argument.stringValue == SchemaKeywords.dialect else {
                throw SchemaError(pointer: here, message: isRoot
                    ? "only \(SchemaKeywords.dialect) is supported"
                    : "$schema is only supported at the root")
            }
        case "$id":
            guard isRoot, argument.stringValue != nil else {
                throw SchemaError(pointer: here, message: isRoot
                    ? "$id must be a string" : "$id is only supported at the root (no embedded schema resources)")
            }
        case "$defs":
            for (name, schema) in try members(argument, at: here) {
                _ = try compile(schema, at: JSONPointer.appending(here, name))
            }
        case "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly":
            break

        // MARK: Any type
        case "$ref":
            guard case .string(let reference) = argument, reference.hasPrefix("#"),
                  let fragment = String(reference.dropFirst()).removingPercentEncoding,
                  fragment.isEmpty || fragment.hasPrefix("/") else {
                throw SchemaError(pointer: here, message: "only $refs to JSON Pointers in the same schema "
                                  + "(\"#\" or \"#/$defs/name\") are supported")
            }
            node.referenceText = reference
            pendingReferences.append((node, fragment, here))
        case "type":
            node.types = try types(argument, at: here)
        case "enum":
            guard case .array(let values) = argument else {
                throw SchemaError(pointer: here, message: "expected an array of values")
            }
            node.enumValues = values
        case "const":
            node.constValue = argument
        case "allOf":
            node.allOf = try subschemas(argument, at: here)
        case "anyOf":
            node.anyOf = try subschemas(argument, at: here)
        case "oneOf":
            node.oneOf = try subschemas(argument, at: here)
        case "not":
            node.not = try compile(argument, at: here)

        // MARK: Objects
        case "additionalProperties":
            switch argument {
            case .bool(true): node.additional = .allowed
            case .bool(false): node.additional = .forbidden
            default:
                node.additional = .schema
                node.additionalSchema = try compile(argument, at: here)
            }
        case "patternProperties":
            for (source, schema) in try members(argument, at: here) {
                let location = JSONPointer.appending(here, source)
                node.patternProperties.append((try pattern(source, at: location), try compile(schema, at: location)))
            }
        case "propertyNames":
            node.propertyNames = try compile(argument, at: here)
        case "minProperties":
            node.minProperties = try count(argument, at: here)
        case "maxProperties":
            node.maxProperties = try count(argument, at: here)

        // MARK: Arrays
        case "items":
            if case .array = argument {
                throw SchemaError(pointer: here, message: "the array form of items is not 2020-12; use prefixItems")
            }
            node.items = try compile(argument, at: here)
        case "prefixItems":
            node.prefixItems = try subschemas(argument, at: here)
        case "minItems":
            node.minItems = try count(argument, at: here)
        case "maxItems":
            node.maxItems = try count(argument, at: here)
        case "uniqueItems":
            guard case .bool(let flag) = argument else {
                throw SchemaError(pointer: here, message: "expected true or false")
            }
            node.uniqueItems = flag

        // MARK: Strings
        case "minLength":
            node.minLength = try count(argument, at: here)
        case "maxLength":
            node.maxLength = try count(argument, at: here)
        case "pattern":
            guard case .string(let source) = argument else {
                throw SchemaError(pointer: here, message: "expected a regular expression string")
            }
            node.pattern = try pattern(source, at: here)
        case "format":
            guard let name = argument.stringValue, let format = SchemaFormat(rawValue: name) else {
                throw SchemaError(pointer: here, message: "format \(ValueDescription.describe(argument)) is not "
                                  + "supported (supported: \(SchemaKeywords.formats.joined(separator: ", ")))")
            }
            node.format = format

        // MARK: Numbers
        case "minimum":
            node.minimum = try number(argument, at: here)
        case "maximum":
            node.maximum = try number(argument, at: here)
        case "exclusiveMinimum":
            node.exclusiveMinimum = try number(argument, at: here)
        case "exclusiveMaximum":
            node.exclusiveMaximum = try number(argument, at: here)
        case "multipleOf":
            let divisor = try number(argument, at: here)
            guard divisor > 0 else { throw SchemaError(pointer: here, message: "multipleOf must be greater than 0") }
            node.multipleOf = divisor

        default:
            throw SchemaError(pointer: here, message: "keyword \"\(keyword)\" is not supported by opx's validator "
                              + "(see Schemas/README.md for the supported keywords)")
        }
    }

    private mutating func subschemas(_ argument: JSONValue, at here: String) throws(SchemaError) -> [SchemaNode] {
        var result: [SchemaNode] = []
        for (index, schema) in try schemas(argument, at: here).enumerated() {
            result.append(try compile(schema, at: JSONPointer.appending(here, index: index)))
        }
        return result
    }

    private func types(_ argument: JSONValue, at here: String) throws(SchemaError) -> SchemaTypes {
        let names: [String]
        if case .string(let name) = argument {
            names = [name]
        } else {
            names = try strings(argument, at: here, unique: true)
            guard !names.isEmpty else { throw SchemaError(pointer: here, message: "expected at least one type") }
        }
        var types: SchemaTypes = []
        for name in names {
            guard let type = SchemaTypes(name: name) else {
                throw SchemaError(pointer: here, message: "unknown type \"\(name)\"")
            }
            types.insert(type)
        }
        return types
    }

    private func pattern(_ source: String, at here: String) throws(SchemaError) -> RegexPattern {
        do {
            return try RegexPattern(source)
        } catch {
            throw SchemaError(pointer: here, message: "pattern \(ValueDescription.quoted(source)): \(error)")
        }
    }
}

/// Compiles a JSON Schema document into ``SchemaNode``s, rejecting anything the validator would not enforce.
///
/// Each subschema becomes one node, cached by its JSON Pointer so that `$ref`s to the same place share it. `$ref`s
/// are resolved after the whole document is compiled (they may point forwards or form cycles); a `$ref` to a place
/// that is not compiled yet (outside `$defs` and the keyword tree) compiles that place on demand.
struct SchemaCompiler {
    /// The schema document.
    let document: JSONValue
    /// Every node compiled so far, in creation order.
    private(set) var nodes: [SchemaNode] = []
    private var nodesByPointer: [String: SchemaNode] = [:]
    /// `$ref`s waiting to be linked: the node holding the `$ref`, the target pointer, and where the `$ref` is.
    var pendingReferences: [(node: SchemaNode, target: String, location: String)] = []

    init(document: JSONValue) {
        self.document = document
    }

    /// Compiles the whole document and links its `$ref`s.
    ///
    /// - Returns: The root node.
    mutating func compileDocument() throws(SchemaError) -> SchemaNode {
        let root = try compile(document, at: "")
        while let pending = pendingReferences.popLast() {
            let target: SchemaNode
            if let known = nodesByPointer[pending.target] {
                target = known
            } else if let value = Self.resolve(pending.target, in: document) {
                target = try compile(value, at: pending.target)
            } else {
                throw SchemaError(pointer: pending.location,
                                  message: "$ref \"#\(pending.target)\" does not point at anything in this schema")
            }
            pending.node.reference = target
        }
        for node in nodes { node.finish() }
        return root
    }

    /// Compiles one subschema (or returns the node already compiled at that pointer).
    mutating func compile(_ value: JSONValue, at pointer: String) throws(SchemaError) -> SchemaNode {
        if let known = nodesByPointer[pointer] { return known }
        let node = SchemaNode(location: pointer.isEmpty ? "#" : "#" + pointer)
        nodes.append(node)
        nodesByPointer[pointer] = node
        switch value {
        case .bool(let flag):
            node.rejectsEverything = !flag
        case .object(let object):
            var required: [String] = []
            var properties: [(String, SchemaNode)] = []
            for (keyword, argument) in object.members {
                let here = JSONPointer.appending(pointer, keyword)
                switch keyword {
                case "required":
                    required = try strings(argument, at: here, unique: true)
                case "properties":
                    for (name, schema) in try members(argument, at: here) {
                        properties.append((name, try compile(schema, at: JSONPointer.appending(here, name))))
                    }
                default:
                    try apply(keyword, argument, to: node, at: here, isRoot: pointer.isEmpty)
                }
            }
            node.properties = Self.merge(properties: properties, required: required)
            node.requiredCount = required.count
        default:
            throw SchemaError(pointer: pointer, message: "a schema must be an object or a boolean, found "
                              + ValueDescription.describe(value))
        }
        return node
    }

    /// Builds the sorted property list that ``SchemaValidator`` walks beside an object's members.
    private static func merge(properties: [(String, SchemaNode)], required: [String]) -> [SchemaNode.Property] {
        var byName: [String: SchemaNode.Property] = [:]
        for (name, node) in properties { byName[name] = SchemaNode.Property(key: name, node: node, isRequired: false) }
        for name in required {
            byName[name, default: SchemaNode.Property(key: name, node: nil, isRequired: false)].isRequired = true
        }
        return byName.values.sorted { UTF16CodeUnitOrder.compare($0.key, $1.key) < 0 }
    }

    /// Finds the value a JSON Pointer names in a document.
    static func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
        guard !pointer.isEmpty else { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var value = document
        for rawToken in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = unescape(rawToken)
            switch value {
            case .object(let object):
                guard let member = object[token] else { return nil }
                value = member
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                value = elements[index]
            default:
                return nil
            }
        }
        return value
    }

    /// Decodes one RFC 6901 reference token: `~1` is `/` and `~0` is `~`.
    private static func unescape(_ token: Substring) -> String {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var scalars = token.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "~" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "1": result += "/"
            case "0": result += "~"
            case let other?: result += "~" + String(other)
            case nil: result += "~"
            }
        }
        return result
    }

    // MARK: - Argument helpers

    func members(_ value: JSONValue, at pointer: String) throws(SchemaError) -> JSONObject.Members {
        guard case .object(let object) = value else {
            throw SchemaError(pointer: pointer, message: "expected an object of schemas")
        }
        return object.members
    }

    func schemas(_ value: JSONValue, at pointer: String) throws(SchemaError) -> [JSONValue] {
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw SchemaError(pointer: pointer, message: "expected a non-empty array of schemas")
        }
        return elements
    }

    func strings(_ value: JSONValue, at pointer: String, unique: Bool) throws(SchemaError) -> [String] {
        guard case .array(let elements) = value else {
            throw SchemaError(pointer: pointer, message: "expected an array of strings")
        }
        var result: [String] = []
        for element in elements {
            guard case .string(let string) = element else {
                throw SchemaError(pointer: pointer, message: "expected an array of strings")
            }
            if unique, result.contains(string) {
                throw SchemaError(pointer: pointer, message: "\"\(string)\" is listed twice")
            }
            result.append(string)
        }
        return result
    }

    func count(_ value: JSONValue, at pointer: String) throws(SchemaError) -> Int {
        guard case .number(let number) = value, number.double >= 0, number.double.rounded(.towardZero) == number.double,
              let count = Int(exactly: number.double) else {
            throw SchemaError(pointer: pointer, message: "expected a non-negative integer")
        }
        return count
    }

    func number(_ value: JSONValue, at pointer: String) throws(SchemaError) -> Double {
        guard case .number(let number) = value else {
            throw SchemaError(pointer: pointer, message: "expected a number")
        }
        return number.double
    }
}

extension SchemaValidator {
    // MARK: - Objects

    /// Checks an object's members by walking them beside the schema's properties: both are sorted in RFC 8785
    /// (UTF-16) key order, so matching names costs one comparison per step and no hashing.
    mutating func validateObject(_ object: JSONObject, _ node: SchemaNode, depth: Int) -> Bool {
        var valid = true
        let count = object.count
        if let maxProperties = node.maxProperties, count > maxProperties {
            reporter.fail("maxProperties", expected: "at most \(maxProperties) members", found: "\(count) members")
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if let minProperties = node.minProperties, count < minProperties {
            reporter.fail("minProperties", expected: "at least \(minProperties) members", found: "\(count) members")
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        let properties = node.properties
        var next = 0
        var requiredSeen = 0
        let stop: Bool = object.storage.withUnsafeBufferPointer { members in
            for index in members.indices {
                var order = 1
                while next < properties.count {
                    order = KeyOrder.compare(properties[next], members[index].key)
                    if order >= 0 { break }
                    next += 1
                }
                var declared = false
                if next < properties.count, order == 0 {
                    if properties[next].isRequired { requiredSeen += 1 }
                    if let child = properties[next].node {
                        declared = true
                        if !validateMember(members[index].key, members[index].value, child, depth: depth) {
                            if Reporter.stopsAtFirstFailure { return true }
                            valid = false
                        }
                    }
                }
                if !node.patternProperties.isEmpty {
                    for (pattern, child) in node.patternProperties where pattern.matches(members[index].key) {
                        declared = true
                        if !validateMember(members[index].key, members[index].value, child, depth: depth) {
                            if Reporter.stopsAtFirstFailure { return true }
                            valid = false
                        }
                    }
                }
                if !declared {
                    switch node.additional {
                    case .allowed:
                        break
                    case .forbidden:
                        reporter.fail(member: members[index].key, "additionalProperties",
                                      expected: Self.allowedMembers(node), found: "an unexpected member")
                        if Reporter.stopsAtFirstFailure { return true }
                        valid = false
                    case .schema:
                        if let child = node.additionalSchema, !validateMember(members[index].key, members[index].value, child, depth: depth) {
                            if Reporter.stopsAtFirstFailure { return true }
                            valid = false
                        }
                    }
                }
                if let names = node.propertyNames {
                    reporter.enter(key: members[index].key)
                    let nameValid = validate(.string(members[index].key), names, depth: depth + 1)
                    reporter.leave()
                    if !nameValid {
                        if Reporter.stopsAtFirstFailure { return true }
                        valid = false
                    }
                }
                if reporter.isFull && !Reporter.stopsAtFirstFailure { return true }
            }
            return false
        }
        if stop { return false }
        if requiredSeen < node.requiredCount {
            if Reporter.stopsAtFirstFailure { return false }
            for property in properties where property.isRequired && object[property.key] == nil {
                reporter.fail(member: property.key, "required", expected: "a required member", found: "none")
            }
            valid = false
        }
        return valid
    }

    @inline(__always)
    private mutating func validateMember(_ key: borrowing String, _ value: borrowing JSONValue, _ child: SchemaNode,
                                         depth: Int) -> Bool {
        reporter.enter(key: copy key)
        defer { reporter.leave() }
        return validate(value, child, depth: depth + 1)
    }

    /// `no such member (allowed: a, b, c)` for messages.
    private static func allowedMembers(_ node: SchemaNode) -> String {
        let names = node.declaredNames
        guard !names.isEmpty else { return "no members" }
        let shown = names.prefix(20).joined(separator: ", ")
        return "no such member (allowed: \(shown)\(names.count > 20 ? ", …" : ""))"
    }

    // MARK: - Arrays

    mutating func validateArray(_ elements: [JSONValue], _ node: SchemaNode, depth: Int) -> Bool {
        var valid = true
        if let maxItems = node.maxItems, elements.count > maxItems {
            reporter.fail("maxItems", expected: "at most \(maxItems) items", found: "\(elements.count) items")
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        if let minItems = node.minItems, elements.count < minItems {
            reporter.fail("minItems", expected: "at least \(minItems) item\(minItems == 1 ? "" : "s")",
                          found: elements.isEmpty ? "an empty array" : "\(elements.count) items")
            if Reporter.stopsAtFirstFailure { return false }
            valid = false
        }
        for index in elements.indices {
            let child = index < node.prefixItems.count ? node.prefixItems[index] : node.items
            guard let child else { continue }
            reporter.enter(index: index)
            let elementValid = validate(elements[index], child, depth: depth + 1)
            reporter.leave()
            if !elementValid {
                if Reporter.stopsAtFirstFailure { return false }
                valid = false
                if reporter.isFull { return false }
            }
        }
        if node.uniqueItems, let duplicate = Self.firstDuplicate(elements) {
            reporter.fail("uniqueItems", expected: "unique items",
                          found: "item \(duplicate.1) repeating item \(duplicate.0)")
            valid = false
        }
        return valid
    }

    /// The indices of the first pair of equal elements, if any.
    private static func firstDuplicate(_ elements: [JSONValue]) -> (Int, Int)? {
        if elements.count <= 16 {
            for later in elements.indices {
                for earlier in 0..<later where elements[earlier] == elements[later] { return (earlier, later) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        seen.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            if let earlier = seen.updateValue(index, forKey: element) { return (earlier, index) }
        }
        return nil
    }
}

/// The state machine behind ``JSONParser``: one pass over the bytes with an explicit container stack.
///
/// Finished values wait on one shared stack (`values`, with `keys` beside them for objects) until their container
/// closes, so each array or object allocates once, at its exact size. Valid only for the duration of one parse; it
/// reads through a pointer it does not own.
struct JSONScanner {
    /// One open array or object.
    struct Frame {
        /// Whether the container is an object.
        var isObject: Bool
        /// Whether the keys so far arrived in canonical order (objects only).
        var isSorted: Bool
        /// Where the container's elements start in `values`.
        var valueStart: Int
        /// Where the container's keys start in `keys` (objects only).
        var keyStart: Int
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    let limits: JSONLimits
    var position = 0
    var frames: [Frame] = []
    var values: [JSONValue] = []
    var keys: [String] = []
    var keyOffsets: [Int] = []
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, limits: JSONLimits) {
        self.base = base
        self.end = count
        self.limits = limits
    }

    // MARK: - Document

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard end <= limits.maxBytes else {
            throw fail("document is \(end) bytes, more than the limit of \(limits.maxBytes)", at: limits.maxBytes)
        }
        skipWhitespace()
        valueLoop: while true {
            var value: JSONValue
            guard position < end else { throw fail("unexpected end of input, expected a value") }
            switch base[position] {
            case UInt8(ascii: "{"):
                try push(isObject: true)
                position += 1
                skipWhitespace()
                if position < end, base[position] == UInt8(ascii: "}") {
                    position += 1
                    frames.removeLast()
                    value = .object(JSONObject())
                } else {
                    try parseKeyAndColon(afterComma: false)
                    continue valueLoop
                }
            case UInt8(ascii: "["):
                try push(isObject: false)
                position += 1
                skipWhitespace()
                if position < end, base[position] == UInt8(ascii: "]") {
                    position += 1
                    frames.removeLast()
                    value = .array([])
                } else {
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw unexpectedValueStart()
            }

            // The value is complete: hand it to its container, closing containers as their ends arrive.
            while let top = frames.last {
                values.append(value)
                guard values.count - top.valueStart <= limits.maxMembers else {
                    let what = top.isObject ? "object has more than \(limits.maxMembers) members"
                        : "array has more than \(limits.maxMembers) elements"
                    throw fail(what, inMember: false)
                }
                skipWhitespace()
                let separator: UInt8? = position < end ? base[position] : nil
                if top.isObject {
                    if separator == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        try parseKeyAndColon(afterComma: true)
                        continue valueLoop
                    }
                    guard separator == UInt8(ascii: "}") else {
                        throw fail("expected ',' or '}' after object member, found \(found())", inMember: false)
                    }
                    position += 1
                    value = .object(try closeObject())
                } else {
                    if separator == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        if position < end, base[position] == UInt8(ascii: "]") {
                            throw fail("trailing comma before ']' is not allowed", inMember: false)
                        }
                        continue valueLoop
                    }
                    guard separator == UInt8(ascii: "]") else {
                        throw fail("expected ',' or ']' after array element, found \(found())", inMember: false)
                    }
                    position += 1
                    value = .array(closeArray())
                }
            }
            skipWhitespace()
            guard position == end else {
                throw fail("unexpected \(found()) after the JSON value")
            }
            return value
        }
    }

    // MARK: - Containers

    private mutating func push(isObject: Bool) throws(JSONParseError) {
        guard frames.count < limits.maxDepth else {
            throw fail("nesting is deeper than the limit of \(limits.maxDepth)")
        }
        frames.append(Frame(isObject: isObject, isSorted: true, valueStart: values.count, keyStart: keys.count))
    }

    /// Reads `"key"` and `:` and leaves the position at the member's value.
    private mutating func parseKeyAndColon(afterComma: Bool) throws(JSONParseError) {
        guard position < end, base[position] == UInt8(ascii: "\"") else {
            if afterComma, position < end, base[position] == UInt8(ascii: "}") {
                throw fail("trailing comma before '}' is not allowed", inMember: false)
            }
            throw fail("expected '\"' to start an object key, found \(found())", inMember: false)
        }
        let keyOffset = position
        let key = try parseString()
        let frameIndex = frames.count - 1
        let frame = frames[frameIndex]
        if keys.count > frame.keyStart {
            let order = UTF16CodeUnitOrder.compare(keys[keys.count - 1], key)
            if order == 0 {
                throw fail("duplicate key \(CanonicalJSONWriter.quoted(key))", at: keyOffset, inMember: false)
            }
            if order > 0 { frames[frameIndex].isSorted = false }
        }
        keys.append(key)
        keyOffsets.append(keyOffset)
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: ":") else {
            throw fail("expected ':' after object key, found \(found())")
        }
        position += 1
        skipWhitespace()
    }

    private mutating func closeArray() -> [JSONValue] {
        let frame = frames.removeLast()
        let elements = Array(values[frame.valueStart...])
        values.removeSubrange(frame.valueStart...)
        return elements
    }

    private mutating func closeObject() throws(JSONParseError) -> JSONObject {
        let frame = frames[frames.count - 1]
        let count = values.count - frame.valueStart
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(count)
        if frame.isSorted {
            for index in 0..<count {
                members.append((keys[frame.keyStart + index], values[frame.valueStart + index]))
            }
        } else {
            let keyStart = frame.keyStart
            let order = (0..<count).sorted { left, right in
                let result = UTF16CodeUnitOrder.compare(keys[keyStart + left], keys[keyStart + right])
                return result < 0 || (result == 0 && left < right)
            }
            var firstDuplicate: Int?
            for (rank, index) in order.enumerated() {
                if rank > 0, UTF16CodeUnitOrder.compare(keys[keyStart + order[rank - 1]], keys[keyStart + index]) == 0 {
                    // The stable sort puts the later occurrence second; report the earliest one in the text.
                    firstDuplicate = min(firstDuplicate ?? index, index)
                }
                members.append((keys[keyStart + index], values[frame.valueStart + index]))
            }
            if let firstDuplicate {
                let key = keys[keyStart + firstDuplicate]
                throw fail(
                    "duplicate key \(CanonicalJSONWriter.quoted(key))",
                    at: keyOffsets[keyStart + firstDuplicate],
                    inMember: false
                )
            }
        }
        frames.removeLast()
        keys.removeSubrange(frame.keyStart...)
        keyOffsets.removeSubrange(frame.keyStart...)
        values.removeSubrange(frame.valueStart...)
        return JSONObject(uncheckedSortedMembers: members)
    }

    // MARK: - Scalars

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        guard end - position >= count else {
            throw fail("invalid literal, expected '\(literal)'")
        }
        for index in 0..<count where base[position + index] != bytes[index] {
            throw fail("invalid literal, expected '\(literal)'")
        }
        position += count
    }
}

/// The state machine behind ``JSONParser``: one pass over the bytes with an explicit container stack.
///
/// Finished values wait on one shared stack (`values`, with `keys` beside them for objects) until their container
/// closes, so each array or object allocates once, at its exact size. Valid only for the duration of one parse; it
/// reads through a pointer it does not own.
struct JSONScanner: ~Copyable {
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
    var frames = ScannerStack<Frame>(capacity: 8)
    var values = ScannerStack<JSONValue>(capacity: 32)
    var keys = ScannerStack<Key>(capacity: 16)
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// The ``UTF16CodeUnitOrder/prefix(_:count:)`` of the last string parsed with `isKey`.
    var lastKeyPrefix: UInt64 = 0
    /// The UTF-8 length of the last string parsed with `isKey`.
    var lastKeyLength = 0

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
                    _ = frames.pop()
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
                    _ = frames.pop()
                    value = .array([])
                } else {
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString(isKey: false))
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
            while frames.count > 0 {
                let top = frames[frames.count - 1]
                values.push(value)
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
        frames.push(Frame(isObject: isObject, isSorted: true, valueStart: values.count, keyStart: keys.count))
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
        let string = try parseString(isKey: true)
        let key = Key(string: string, prefix: lastKeyPrefix, length: lastKeyLength, offset: keyOffset)
        let frameIndex = frames.count - 1
        let frame = frames[frameIndex]
        if keys.count > frame.keyStart {
            let order = Key.compare(keys[keys.count - 1], key)
            if order == 0 {
                throw fail("duplicate key \(CanonicalJSONWriter.quoted(string))", at: keyOffset, inMember: false)
            }
            if order > 0 && frame.isSorted {
                var unsorted = frame
                unsorted.isSorted = false
                frames.update(at: frameIndex, to: unsorted)
            }
        }
        keys.push(key)
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: ":") else {
            throw fail("expected ':' after object key, found \(found())")
        }
        position += 1
        skipWhitespace()
    }

    private mutating func closeArray() -> [JSONValue] {
        let frame = frames.pop()
        return values.popArray(from: frame.valueStart)
    }

    private mutating func closeObject() throws(JSONParseError) -> JSONObject {
        let frame = frames[frames.count - 1]
        let count = values.count - frame.valueStart
        let keyBase = keys.base + frame.keyStart
        let valueBase = values.base + frame.valueStart
        var members: [JSONObject.Member] = []
        members.reserveCapacity(count)
        if frame.isSorted {
            for index in 0..<count {
                let key = (keyBase + index).move().string
                members.append(JSONObject.Member(key: key, value: (valueBase + index).move()))
            }
        } else {
            var order = Array(0..<count)
            if count <= 16 {
                order.withUnsafeMutableBufferPointer { order in
                    // Insertion sort: fastest for the small objects of event payloads, and stable.
                    for next in 1..<count {
                        let moving = order[next]
                        var slot = next
                        while slot > 0, Key.compare(keyBase[order[slot - 1]], keyBase[moving]) > 0 {
                            order[slot] = order[slot - 1]
                            slot -= 1
                        }
                        order[slot] = moving
                    }
                }
            } else {
                // O(n log n) for large objects, which may be hostile; the index tie-break keeps it stable.
                order.sort { left, right in
                    let result = Key.compare(keyBase[left], keyBase[right])
                    return result < 0 || (result == 0 && left < right)
                }
            }
            var firstDuplicate: Int?
            for rank in 1..<count where Key.compare(keyBase[order[rank - 1]], keyBase[order[rank]]) == 0 {
                firstDuplicate = min(firstDuplicate ?? order[rank], order[rank])
            }
            if let firstDuplicate {
                let key = keyBase[firstDuplicate]
                throw fail("duplicate key \(CanonicalJSONWriter.quoted(key.string))", at: key.offset, inMember: false)
            }
            for index in order {
                let key = (keyBase + index).move().string
                members.append(JSONObject.Member(key: key, value: (valueBase + index).move()))
            }
        }
        _ = frames.pop()
        keys.forget(from: frame.keyStart)
        values.forget(from: frame.valueStart)
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

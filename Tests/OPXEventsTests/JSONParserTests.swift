import OPXEvents
import Testing

/// One input the parser must reject, with the error it must give.
struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let byteOffset: Int
    let pointer: String
    let message: String

    init(_ name: String, _ text: String, at byteOffset: Int, _ message: String, pointer: String = "") {
        self.init(name, Array(text.utf8), at: byteOffset, message, pointer: pointer)
    }

    init(_ name: String, _ bytes: [UInt8], at byteOffset: Int, _ message: String, pointer: String = "") {
        self.name = name
        self.bytes = bytes
        self.byteOffset = byteOffset
        self.pointer = pointer
        self.message = message
    }

    var testDescription: String { name }
}

@Suite struct JSONParserTests {
    // MARK: - Accepting

    @Test func parsesScalarsWithSurroundingWhitespace() throws {
        #expect(try JSONParser.parse(" \t\r\nnull\n ") == .null)
        #expect(try JSONParser.parse("true") == true)
        #expect(try JSONParser.parse("false") == false)
        #expect(try JSONParser.parse("\"hi\"") == "hi")
        #expect(try JSONParser.parse("-12") == -12)
        #expect(try JSONParser.parse("0.5") == 0.5)
    }

    @Test func parsesNestedDocument() throws {
        let value = try JSONParser.parse(#"{"type":"investigation.opened","data":{"id":7,"tags":["a",null,true]}}"#)
        #expect(value["type"]?.stringValue == "investigation.opened")
        #expect(value["data"]?["id"]?.int64Value == 7)
        #expect(value["data"]?["tags"]?[1]?.isNull == true)
        #expect(value["data"]?["tags"]?[2]?.boolValue == true)
        #expect(value["data"]?["tags"]?.arrayValue?.count == 3)
        #expect(value["missing"] == nil)
        #expect(value == ["type": "investigation.opened", "data": ["id": 7, "tags": ["a", nil, true]]])
    }

    @Test func acceptsBytesBuffersAndStringsAlike() throws {
        let text = #"[1,"two",{"three":3}]"#
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(Array(text.utf8))
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { buffer in try JSONParser.parse(buffer) }
        #expect(fromString == fromArray)
        #expect(fromString == fromBuffer)
    }

    @Test func keepsEmptyContainers() throws {
        #expect(try JSONParser.parse("[ ]") == .array([]))
        #expect(try JSONParser.parse("{ }") == .object(JSONObject()))
        #expect(try JSONParser.parse("[[],{},[{}]]") == [[], [:], [[:]]])
    }

    @Test func decodesEveryEscape() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00\u0000""#)
        #expect(value.stringValue == "\"\\/\u{8}\u{C}\n\r\tAé€😀\u{0}")
    }

    @Test func acceptsValidMultibyteUTF8() throws {
        let text = "\"ü€😀\u{FFFF}\u{10FFFF}\u{2028}\u{7F}\""
        #expect(try JSONParser.parse(text).stringValue == "ü€😀\u{FFFF}\u{10FFFF}\u{2028}\u{7F}")
    }

    @Test func makesStringsThatBehaveLikeOrdinaryStrings() throws {
        let samples = [
            "", "a", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnop", "é", "€uro😀", "naïve café",
            "\u{0}x", "tab\there", String(repeating: "z", count: 40),
        ]
        for sample in samples {
            let quoted = String(decoding: CanonicalJSONWriter.canonicalBytes(.string(sample)), as: UTF8.self)
            // Alone, the string ends the buffer; inside an array, more bytes follow it.
            let alone = try #require(try JSONParser.parse(quoted).stringValue)
            let inside = try #require(try JSONParser.parse("[\(quoted),1234567890123456789]")[0]?.stringValue)
            for parsed in [alone, inside] {
                #expect(parsed == sample)
                #expect(parsed.hashValue == sample.hashValue)
                #expect(Array(parsed.utf8) == Array(sample.utf8))
                #expect(parsed.count == sample.count)
                #expect(parsed + "!" == sample + "!")
                #expect(Set([parsed, sample]).count == 1)
            }
        }
    }

    @Test func sortsObjectMembersByUTF16CodeUnits() throws {
        let value = try JSONParser.parse(#"{"b":1,"\ufb33":2,"a":3,"😀":4}"#)
        #expect(value.objectValue?.keys == ["a", "b", "😀", "\u{FB33}"])
    }

    @Test func sortsLargeObjectsAndFindsTheirDuplicates() throws {
        let keys = (0..<20_000).reversed().map { "key\($0)" }
        let text = "{" + keys.map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.keys == keys.sorted())
        #expect(object["key12345"] == 0)

        let withDuplicate = "{" + (keys + ["key7"]).map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(withDuplicate) }
        #expect(error?.message == "duplicate key \"key7\"")
        #expect(error?.byteOffset == withDuplicate.utf8.count - #""key7":0}"#.utf8.count)
    }

    @Test func treatsCanonicallyEquivalentKeysAsDistinct() throws {
        let value = try JSONParser.parse("{\"\u{E9}\":1,\"e\u{301}\":2}")
        #expect(value.objectValue?.count == 2)
        #expect(value["\u{E9}"] == 1)
        #expect(value["e\u{301}"] == 2)
    }

    // MARK: - Numbers

    @Test func keepsIntegersExactAndMarksThem() throws {
        let max = try #require(try JSONParser.parse("9223372036854775807").numberValue)
        #expect(max.integer == .max)
        let min = try #require(try JSONParser.parse("-9223372036854775808").numberValue)
        #expect(min.integer == .min)
        let beyond = try #require(try JSONParser.parse("9223372036854775808").numberValue)
        #expect(beyond.integer == nil)
        #expect(beyond.double == 0x1p63)
        #expect(try JSONParser.parse("1.0").numberValue?.integer == nil)
        #expect(try JSONParser.parse("1e2").numberValue?.integer == nil)
        #expect(try JSONParser.parse("1e2").int64Value == 100)
        #expect(try JSONParser.parse("2.5").int64Value == nil)
        #expect(try JSONParser.parse("9007199254740993").int64Value == 9_007_199_254_740_993)
    }

    @Test func parsesNumberSpellings() throws {
        #expect(try JSONParser.parse("-0").doubleValue == 0)
        #expect(try JSONParser.parse("-0.0").doubleValue?.sign == .minus)
        #expect(try JSONParser.parse("1E+2").doubleValue == 100)
        #expect(try JSONParser.parse("1e-2").doubleValue == 0.01)
        #expect(try JSONParser.parse("0.1").doubleValue == 0.1)
        #expect(try JSONParser.parse("1e-400").doubleValue == 0)
        #expect(try JSONParser.parse("0e999999999").doubleValue == 0)
        #expect(try JSONParser.parse("123456789012345678901234567890").doubleValue == 1.2345678901234568e29)
        let largestSubnormal = Double(bitPattern: 0x000F_FFFF_FFFF_FFFF)
        #expect(try JSONParser.parse("2.2250738585072011e-308").doubleValue == largestSubnormal)
        #expect(try JSONParser.parse("1.7976931348623157e308").doubleValue == .greatestFiniteMagnitude)
    }

    @Test func convertsDecimalsWithCorrectRounding() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...22, using: &generator))
                .map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let split = Int.random(in: 0...digits.count, using: &generator)
            let integerPart = split == 0 ? "0" : String(String(digits.prefix(split)).drop { $0 == "0" })
            let fraction = digits.dropFirst(split)
            var text = (integerPart.isEmpty ? "0" : integerPart) + (fraction.isEmpty ? "" : "." + fraction)
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -40...40, using: &generator))" }
            let parsed = try #require(try JSONParser.parse(text).doubleValue, "\(text)")
            #expect(parsed == Double(text), "\(text)")
        }
    }

    // MARK: - Rejecting

    static let rejections: [Rejection] = [
        Rejection("empty input", "", at: 0, "unexpected end of input, expected a value"),
        Rejection("only whitespace", "  ", at: 2, "unexpected end of input, expected a value"),
        Rejection("two values", "1 2", at: 2, "unexpected '2' after the JSON value"),
        Rejection("trailing comma in array", "[1,]", at: 3, "trailing comma before ']' is not allowed"),
        Rejection("trailing comma in object", #"{"a":1,}"#, at: 7, "trailing comma before '}' is not allowed"),
        Rejection("missing comma", "[1 2]", at: 3, "expected ',' or ']' after array element, found '2'"),
        Rejection("unclosed array", "[1", at: 2, "expected ',' or ']' after array element, found end of input"),
        Rejection("missing colon", #"{"a" 1}"#, at: 5, "expected ':' after object key, found '1'", pointer: "/a"),
        Rejection("unquoted key", "{a:1}", at: 1, "expected '\"' to start an object key, found 'a'"),
        Rejection("leading zero", "01", at: 0, "leading zeros are not allowed"),
        Rejection("negative leading zero", "-012", at: 0, "leading zeros are not allowed"),
        Rejection("plus sign", "+1", at: 0, "a number cannot start with '+'"),
        Rejection("bare fraction", ".5", at: 0, "a number needs a digit before the decimal point"),
        Rejection("empty fraction", "1.", at: 2, "expected a digit after the decimal point, found end of input"),
        Rejection("empty exponent", "1e+", at: 3, "expected a digit in the exponent, found end of input"),
        Rejection("lone minus", "-", at: 1, "expected a digit after '-', found end of input"),
        Rejection("NaN", "NaN", at: 0, "NaN and Infinity are not valid JSON numbers"),
        Rejection("Infinity", "Infinity", at: 0, "NaN and Infinity are not valid JSON numbers"),
        Rejection("negative Infinity", "-Infinity", at: 0, "NaN and Infinity are not valid JSON numbers"),
        Rejection("overflowing number", "[1e400]", at: 1, "number out of range", pointer: "/0"),
        Rejection("overflowing negative", "-1.8e308", at: 0, "number out of range"),
        Rejection("misspelled literal", "tru", at: 0, "invalid literal, expected 'true'"),
        Rejection("capitalized literal", "Null", at: 0, "unexpected 'N', expected a value"),
        Rejection("unterminated string", #"{"data":{"name":"abc"#, at: 16, "unterminated string",
                  pointer: "/data/name"),
        Rejection("raw line feed", "\"a\nb\"", at: 2, "control character line feed must be escaped in a string"),
        Rejection("raw control", "\"\u{1}\"", at: 1, "control character byte 0x01 must be escaped in a string"),
        Rejection("invalid escape", #""\x""#, at: 1, "invalid escape sequence '\\' followed by 'x'"),
        Rejection("short unicode escape", #""\u12""#, at: 1, "invalid \\u escape, expected 4 hex digits, found '\"'"),
        Rejection("lone high surrogate", #""\ud800""#, at: 1, "lone surrogate \\ud800 is not allowed"),
        Rejection("lone low surrogate", #""\uDC00x""#, at: 1, "lone surrogate \\udc00 is not allowed"),
        Rejection("high surrogate then BMP", #""\ud83d\u0041""#, at: 1, "lone surrogate \\ud83d is not allowed"),
        Rejection("stray continuation byte", [0x22, 0x80, 0x22], at: 1,
                  "invalid UTF-8: unexpected continuation byte 0x80"),
        Rejection("overlong two-byte", [0x22, 0xC0, 0xAF, 0x22], at: 1, "invalid UTF-8: overlong encoding"),
        Rejection("overlong three-byte", [0x22, 0xE0, 0x80, 0xAF, 0x22], at: 1, "invalid UTF-8: overlong encoding"),
        Rejection("overlong four-byte", [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], at: 1,
                  "invalid UTF-8: overlong encoding"),
        Rejection("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], at: 1, "invalid UTF-8: encoded surrogate"),
        Rejection("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], at: 1,
                  "invalid UTF-8: code point above U+10FFFF"),
        Rejection("five-byte lead", [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22], at: 1,
                  "invalid UTF-8: byte 0xF8 never appears in UTF-8"),
        Rejection("truncated sequence", [0x22, 0xE2, 0x82, 0x22], at: 1, "invalid UTF-8: truncated sequence"),
        Rejection("truncated at end", [0x22, 0xF0, 0x9F], at: 1, "invalid UTF-8: truncated sequence"),
        Rejection("non-ASCII outside string", [0xC3, 0xA9], at: 0, "unexpected byte 0xC3, expected a value"),
        Rejection("duplicate key", #"{"a":1,"a":2}"#, at: 7, "duplicate key \"a\""),
        Rejection("duplicate key out of order", #"{"b":1,"a":2,"b":3}"#, at: 13, "duplicate key \"b\""),
        Rejection("escaped duplicate key", #"{"x":{"a":1,"\u0061":2}}"#, at: 12, "duplicate key \"a\"", pointer: "/x"),
        Rejection("pointer escaping", #"{"a/b":{"c~d":[0,x]}}"#, at: 17, "unexpected 'x', expected a value",
                  pointer: "/a~1b/c~0d/1"),
    ]

    @Test(arguments: rejections)
    func rejectsInvalidJSONWithPreciseError(_ rejection: Rejection) {
        #expect {
            try JSONParser.parse(rejection.bytes)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.message == rejection.message)
            #expect(error.byteOffset == rejection.byteOffset)
            #expect(error.pointer == rejection.pointer)
            return true
        }
    }

    @Test func describesErrorWithOffsetPointerAndMessage() {
        let error = #expect(throws: JSONParseError.self) {
            try JSONParser.parse(#"{"data":{"name":"abc"#)
        }
        #expect(error?.description == "invalid JSON at byte 16 (/data/name): unterminated string")
        let rootError = #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,]") }
        #expect(rootError?.description == "invalid JSON at byte 3: trailing comma before ']' is not allowed")
    }

    // MARK: - Limits

    @Test func rejectsMillionDeepNestingWithoutRecursing() {
        let text = String(repeating: "[", count: 1_000_000)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(error?.message == "nesting is deeper than the limit of 64")
        #expect(error?.byteOffset == 64)
        #expect(error?.pointer == String(repeating: "/0", count: 64))
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = JSONLimits.default.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONParser.parse(text)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        _ = try JSONParser.parse(objects)
    }

    @Test func rejectsDocumentsAboveByteLimit() {
        let limits = JSONLimits(maxBytes: 8)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,2,3,4,5]", limits: limits) }
        #expect(error?.message == "document is 11 bytes, more than the limit of 8")
        #expect(error?.byteOffset == 8)
    }

    @Test func rejectsStringsAboveByteLimit() throws {
        let limits = JSONLimits(maxStringBytes: 4)
        #expect(try JSONParser.parse(#"["abcd","\u0061bcd"]"#, limits: limits) == ["abcd", "abcd"])
        let plain = #expect(throws: JSONParseError.self) { try JSONParser.parse(#"["abcde"]"#, limits: limits) }
        #expect(plain?.message == "string is longer than the limit of 4 bytes")
        #expect(plain?.pointer == "/0")
        let escaped = #expect(throws: JSONParseError.self) {
            try JSONParser.parse(#"{"\u0061bcde":1}"#, limits: limits)
        }
        #expect(escaped?.byteOffset == 1)
    }

    @Test func rejectsContainersAboveMemberLimit() throws {
        let limits = JSONLimits(maxMembers: 3)
        _ = try JSONParser.parse("[1,2,3]", limits: limits)
        let array = #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,2,3,4]", limits: limits) }
        #expect(array?.message == "array has more than 3 elements")
        let object = #expect(throws: JSONParseError.self) {
            try JSONParser.parse(#"{"x":{"a":1,"b":2,"c":3,"d":4}}"#, limits: limits)
        }
        #expect(object?.message == "object has more than 3 members")
        #expect(object?.pointer == "/x")
    }

    // MARK: - Properties

    @Test func parsesNonCanonicalSpellingsOfRandomValues() throws {
        var random = RandomJSON(seed: 0xC0FFEE)
        for _ in 0..<2_000 {
            let value = random.value()
            let text = random.uglyText(value)
            let parsed = try JSONParser.parse(text)
            #expect(parsed == value, "\(text)")
            #expect(CanonicalJSONWriter.canonicalBytes(parsed) == CanonicalJSONWriter.canonicalBytes(value))
        }
    }
}

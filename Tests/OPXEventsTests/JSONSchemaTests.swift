import OPXEvents
import Testing

/// One schema and values it must accept and reject (cases modelled on the JSON-Schema-Test-Suite, draft 2020-12).
struct SchemaCase: Sendable, CustomTestStringConvertible {
    let name: String
    let schema: String
    let valid: [String]
    let invalid: [String]
    var testDescription: String { name }
}

@Suite struct JSONSchemaTests {
    static let cases: [SchemaCase] = [
        SchemaCase(name: "integer accepts integral floats", schema: ##"{"type":"integer"}"##,
                   valid: ["1", "1.0", "-0", "1e2"], invalid: ["1.1", "\"1\"", "true", "null", "[]", "{}"]),
        SchemaCase(name: "type arrays", schema: ##"{"type":["integer","string"]}"##,
                   valid: ["1", "\"foo\""], invalid: ["1.5", "{}", "[]", "true", "null"]),
        SchemaCase(name: "boolean is not a number", schema: ##"{"type":"number"}"##,
                   valid: ["0", "1.5", "-1e-7"], invalid: ["true", "false", "\"1\""]),
        SchemaCase(name: "enum compares deeply and by JSON type", schema: ##"{"enum":[6,"foo",[],true,{"foo":12},false,[0]]}"##,
                   valid: ["[]", "6.0", "{\"foo\":12}", "false", "[0.0]"], invalid: ["null", "{\"foo\":false}", "{\"foo\":12,\"boo\":42}", "0", "[false]", "1"]),
        SchemaCase(name: "const", schema: ##"{"const":{"a":[1,"x"]}}"##,
                   valid: [##"{"a":[1.0,"x"]}"##], invalid: [##"{"a":[1,"y"]}"##, ##"{"a":[1,"x"],"b":1}"##, "null"]),
        SchemaCase(name: "required and properties", schema: ##"{"properties":{"foo":{"type":"string"},"bar":{}},"required":["bar","baz"]}"##,
                   valid: [##"{"bar":1,"baz":null}"##, ##"{"bar":1,"baz":2,"foo":"x","other":1}"##, "[]", "12"],
                   invalid: [##"{"bar":1}"##, ##"{"baz":1}"##, ##"{"bar":1,"baz":1,"foo":1}"##]),
        SchemaCase(name: "additionalProperties false with patternProperties",
                   schema: ##"{"properties":{"foo":{},"bar":{}},"patternProperties":{"^v":{}},"additionalProperties":false}"##,
                   valid: [##"{"foo":1}"##, ##"{"foo":1,"vroom":2}"##, "[1,2]", "\"x\""], invalid: [##"{"foo":1,"bar":2,"quux":"boom"}"##]),
        SchemaCase(name: "additionalProperties schema", schema: ##"{"properties":{"foo":{}},"additionalProperties":{"type":"boolean"}}"##,
                   valid: [##"{"foo":1,"quux":true}"##], invalid: [##"{"foo":1,"quux":12}"##]),
        SchemaCase(name: "non-ASCII pattern properties", schema: ##"{"patternProperties":{"^á":{}},"additionalProperties":false}"##,
                   valid: [##"{"ármányos":2}"##], invalid: [##"{"élmény":2}"##]),
        SchemaCase(name: "patternProperties are unanchored and all apply", schema: ##"{"patternProperties":{"a*":{"type":"integer"},"aaa*":{"maximum":20}}}"##,
                   valid: [##"{"a":21}"##, ##"{"aaaa":18}"##], invalid: [##"{"aaaa":31}"##, ##"{"a":"bar"}"##]),
        SchemaCase(name: "propertyNames", schema: ##"{"propertyNames":{"maxLength":3}}"##,
                   valid: [##"{"f":{},"foo":{}}"##, "{}", "[1,2,3,4]"], invalid: [##"{"foo":{},"foobar":{}}"##]),
        SchemaCase(name: "propertyNames false", schema: ##"{"propertyNames":false}"##, valid: ["{}"], invalid: [##"{"foo":1}"##]),
        SchemaCase(name: "min and max properties", schema: ##"{"minProperties":1,"maxProperties":2}"##,
                   valid: [##"{"a":1}"##, ##"{"a":1,"b":2}"##, "[]"], invalid: ["{}", ##"{"a":1,"b":2,"c":3}"##]),
        SchemaCase(name: "items", schema: ##"{"items":{"type":"integer"}}"##,
                   valid: ["[1,2,3]", "[]", ##"{"0":"invalid","length":1}"##], invalid: [##"[1,"x"]"##]),
        SchemaCase(name: "items false after prefixItems", schema: ##"{"prefixItems":[{},{},{}],"items":false}"##,
                   valid: ["[]", "[1,2,3]"], invalid: ["[1,2,3,4]"]),
        SchemaCase(name: "prefixItems shift items", schema: ##"{"prefixItems":[{"type":"string"}],"items":{"type":"integer"}}"##,
                   valid: [##"["x",2,3]"##], invalid: [##"["x","y"]"##, "[1]"]),
        SchemaCase(name: "min and max items", schema: ##"{"minItems":1,"maxItems":2}"##,
                   valid: ["[1]", "[1,2]", "\"not an array\""], invalid: ["[]", "[1,2,3]"]),
        SchemaCase(name: "uniqueItems", schema: ##"{"uniqueItems":true}"##,
                   valid: ["[1,2]", ##"[{"a":1},{"a":2}]"##, "[0,false]", "[[1],[true]]"],
                   invalid: ["[1,1.0]", ##"[{"a":1,"b":2},{"b":2,"a":1}]"##, ##"["x","y","x"]"##,
                             "[" + (0..<20).map(String.init).joined(separator: ",") + ",7]"]),
        SchemaCase(name: "lengths count code points", schema: ##"{"minLength":2,"maxLength":2}"##,
                   valid: ["\"fo\"", "\"\\uD83D\\uDCA9\\uD83D\\uDCA9\"", "\"é€\"", "12"], invalid: ["\"f\"", "\"foo\"", "\"💩\"", "\"💩💩💩\""]),
        SchemaCase(name: "maxLength given as 2.0", schema: ##"{"maxLength":2.0}"##, valid: ["\"f\""], invalid: ["\"foo\""]),
        SchemaCase(name: "pattern", schema: ##"{"pattern":"^a*$"}"##, valid: ["\"aaa\"", "\"\"", "true", "1"], invalid: ["\"abc\""]),
        SchemaCase(name: "pattern is unanchored", schema: ##"{"pattern":"a+"}"##, valid: ["\"xxaayy\""], invalid: ["\"xyz\""]),
        SchemaCase(name: "unicode literal in pattern", schema: ##"{"pattern":"^π$"}"##, valid: ["\"π\""], invalid: ["\"p\"", "\"ππ\""]),
        SchemaCase(name: "date-time", schema: ##"{"format":"date-time"}"##,
                   valid: ["\"1963-06-19T08:30:06.283185Z\"", "\"1963-06-19T08:30:06Z\"", "\"1937-01-01T12:00:27.87+00:20\"",
                           "\"1990-12-31T15:59:50.123-08:00\"", "\"1963-06-19t08:30:06.283185z\"",
                           "\"1985-04-12T00:59:59.999999999999999Z\"", "\"2024-02-29T00:00:00Z\"", "12", "null"],
                   invalid: ["\"1998-12-31T23:59:61Z\"", "\"1990-02-31T15:59:59.123-08:00\"", "\"1990-12-31T15:59:59-24:00\"",
                             "\"1963-06-19T08:30:06.28123+01:00Z\"", "\"1990-12-31T24:00:00Z\"", "\"1990-12-31T15:60:00Z\"",
                             "\"1990-12-31T10:00:00+10:60\"", "\"06/19/1963 08:30:06 PST\"", "\"2013-350T01:01:01\"",
                             "\"1963-6-19T08:30:06.283185Z\"", "\"1963-06-1৪T00:00:00Z\"", "\"+11963-06-19T08:30:06.283185Z\"",
                             "\"2023-02-29T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"2026-11-24T06:00:00.Z\"",
                             "\"2026-11-24 06:00:00Z\"", "\"2026-11-24T06:00:00\"",
                             // Leap seconds: rejected, as rfc3339-validator (the Python cross-check) rejects them.
                             "\"1998-12-31T23:59:60Z\""]),
        SchemaCase(name: "uuid", schema: ##"{"format":"uuid"}"##,
                   valid: ["\"2EB8AA08-AA98-11EA-B4AA-73B441D16380\"", "\"2eb8aa08-AA98-11ea-B4Aa-73B441D16380\"",
                           "\"00000000-0000-0000-0000-000000000000\"", "\"99c17cbb-656f-f64a-940f-1a4568f03487\"", "12"],
                   invalid: ["\"2eb8aa08-aa98-11ea-b4aa-73b441d1638\"", "\"2eb8aa08-aa98-11ea-73b441d16380\"",
                             "\"2eb8aa08-aa98-11ea-b4ga-73b441d16380\"", "\"2eb8aa08aa9811eab4aa73b441d16380\"",
                             "\"2eb8aa08aa9811eab4aa73b441d16380----\"", "\"2eb8aa0-8aa98-11e-ab4aa7-3b441d16380\"",
                             "\"urn:uuid:2eb8aa08-aa98-11ea-b4aa-73b441d16380\""]),
        SchemaCase(name: "numeric bounds", schema: ##"{"minimum":0,"maximum":1}"##, valid: ["0", "1", "0.5", "\"x\""], invalid: ["-0.1", "1.0001"]),
        SchemaCase(name: "exclusive bounds", schema: ##"{"exclusiveMinimum":0,"exclusiveMaximum":1}"##, valid: ["0.5"], invalid: ["0", "1"]),
        SchemaCase(name: "multipleOf", schema: ##"{"multipleOf":0.0001}"##, valid: ["0.0075", "0"], invalid: ["0.00751"]),
        SchemaCase(name: "multipleOf integer", schema: ##"{"multipleOf":2}"##, valid: ["10", "-4"], invalid: ["7", "7.5"]),
        SchemaCase(name: "allOf", schema: ##"{"allOf":[{"required":["bar"]},{"required":["foo"]}]}"##,
                   valid: [##"{"foo":1,"bar":2}"##], invalid: [##"{"foo":1}"##, ##"{"bar":1}"##]),
        SchemaCase(name: "anyOf", schema: ##"{"anyOf":[{"type":"integer"},{"minimum":2}]}"##, valid: ["1", "2.5", "3"], invalid: ["1.5"]),
        SchemaCase(name: "oneOf", schema: ##"{"oneOf":[{"type":"integer"},{"minimum":2}]}"##, valid: ["1", "2.5"], invalid: ["3", "1.5"]),
        SchemaCase(name: "not", schema: ##"{"not":{"type":"integer"}}"##, valid: ["\"foo\"", "true"], invalid: ["1"]),
        SchemaCase(name: "boolean schemas", schema: ##"{"properties":{"yes":true,"no":false}}"##,
                   valid: [##"{"yes":1}"##, "{}"], invalid: [##"{"no":1}"##]),
        SchemaCase(name: "root pointer ref", schema: ##"{"properties":{"foo":{"$ref":"#"}},"additionalProperties":false}"##,
                   valid: [##"{"foo":false}"##, ##"{"foo":{"foo":false}}"##], invalid: [##"{"bar":false}"##, ##"{"foo":{"bar":false}}"##]),
        SchemaCase(name: "ref to a property and to an array element",
                   schema: ##"{"properties":{"foo":{"type":"integer"},"bar":{"$ref":"#/properties/foo"}},"prefixItems":[{"type":"integer"},{"$ref":"#/prefixItems/0"}]}"##,
                   valid: [##"{"bar":3}"##, "[1,2]"], invalid: [##"{"bar":true}"##, ##"[1,"foo"]"##]),
        SchemaCase(name: "escaped pointer refs",
                   schema: ##"{"$defs":{"tilde~field":{"type":"integer"},"slash/field":{"type":"integer"},"percent%field":{"type":"integer"},"foo\"bar":{"type":"number"}},"properties":{"tilde":{"$ref":"#/$defs/tilde~0field"},"slash":{"$ref":"#/$defs/slash~1field"},"percent":{"$ref":"#/$defs/percent%25field"},"quote":{"$ref":"#/$defs/foo%22bar"}}}"##,
                   valid: [##"{"slash":123,"tilde":123,"percent":123,"quote":1}"##],
                   invalid: [##"{"slash":"x"}"##, ##"{"tilde":"x"}"##, ##"{"percent":"x"}"##, ##"{"quote":"1"}"##]),
        SchemaCase(name: "nested refs and refs beside keywords",
                   schema: ##"{"$defs":{"a":{"type":"array"},"b":{"$ref":"#/$defs/a"},"c":{"$ref":"#/$defs/b"}},"properties":{"foo":{"$ref":"#/$defs/c","maxItems":2}}}"##,
                   valid: [##"{"foo":[]}"##], invalid: [##"{"foo":[1,2,3]}"##, ##"{"foo":"string"}"##]),
        SchemaCase(name: "refs to boolean schemas", schema: ##"{"$defs":{"no":false},"properties":{"x":{"$ref":"#/$defs/no"}}}"##,
                   valid: ["{}"], invalid: [##"{"x":"foo"}"##]),
        SchemaCase(name: "a property named $ref", schema: ##"{"properties":{"$ref":{"type":"string"}}}"##,
                   valid: [##"{"$ref":"a"}"##], invalid: [##"{"$ref":2}"##]),
        SchemaCase(name: "enum does not evaluate refs inside it", schema: ##"{"$defs":{"s":{"type":"string"}},"enum":[{"$ref":"#/$defs/s"}]}"##,
                   valid: [##"{"$ref":"#/$defs/s"}"##], invalid: ["\"a string\"", ##"{"type":"string"}"##]),
    ]

    @Test(arguments: cases)
    func acceptsAndRejects(_ testCase: SchemaCase) throws {
        let schema = try JSONSchema(JSONParser.parse(testCase.schema))
        for text in testCase.valid {
            let value = try JSONParser.parse(text)
            #expect(schema.isValid(value), "should accept \(text)")
            #expect(schema.failures(of: value).isEmpty, "\(text)")
        }
        for text in testCase.invalid {
            let value = try JSONParser.parse(text)
            #expect(!schema.isValid(value), "should reject \(text)")
            #expect(!schema.failures(of: value).isEmpty, "the collecting walk must agree on \(text)")
        }
    }

    // MARK: - Compile errors

    @Test(arguments: [
        (##"{"if":{"type":"string"}}"##, "/if", "keyword \"if\" is not supported"),
        (##"{"format":"email"}"##, "/format", "format \"email\" is not supported (supported: date-time, uuid)"),
        (##"{"$ref":"https://example.com/s.json"}"##, "/$ref", "only $refs to JSON Pointers in the same schema"),
        (##"{"$ref":"#/$defs/missing"}"##, "/$ref", "$ref \"#/$defs/missing\" does not point at anything"),
        (##"{"$ref":"#anchor"}"##, "/$ref", "only $refs to JSON Pointers"),
        (##"{"items":[{"type":"string"}]}"##, "/items", "the array form of items is not 2020-12"),
        (##"{"pattern":"(?=x)"}"##, "/pattern", "lookaround groups are not supported"),
        (##"{"pattern":"\\bword"}"##, "/pattern", "escape '\\b' is not supported"),
        (##"{"properties":{"a":{"maxLength":-1}}}"##, "/properties/a/maxLength", "expected a non-negative integer"),
        (##"{"type":"text"}"##, "/type", "unknown type \"text\""),
        (##"{"$schema":"http://json-schema.org/draft-07/schema#"}"##, "/$schema", "only https://json-schema.org/draft/2020-12/schema"),
        (##"{"$defs":{"x":{"$id":"other"}}}"##, "/$defs/x/$id", "$id is only supported at the root"),
        (##"{"required":["a","a"]}"##, "/required", "\"a\" is listed twice"),
        (##"{"multipleOf":0}"##, "/multipleOf", "multipleOf must be greater than 0"),
        (##"[1]"##, "", "a schema must be an object or a boolean"),
    ])
    func rejectsSchemasItCannotEnforce(_ schema: String, _ pointer: String, _ message: String) throws {
        #expect {
            try JSONSchema(JSONParser.parse(schema))
        } throws: { error in
            guard let error = error as? SchemaError else { return false }
            return error.pointer == pointer && error.message.contains(message)
        }
    }

    // MARK: - Robustness

    @Test func refLoopsStopAtTheDepthLimitInsteadOfOverflowing() throws {
        let loop = try JSONSchema(JSONParser.parse(##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##))
        #expect(!loop.isValid(1))
        let failures = loop.failures(of: 1)
        #expect(failures.first?.keyword == "$ref")
        #expect(failures.first?.expected.contains("within 256 levels") == true)
    }

    @Test func deeplyNestedValuesAreCheckedWithoutOverflow() throws {
        let schema = try JSONSchema(JSONParser.parse(##"{"$defs":{"n":{"type":"array","items":{"$ref":"#/$defs/n"}}},"$ref":"#/$defs/n"}"##))
        var value: JSONValue = []
        for _ in 0..<10_000 { value = [value] }
        #expect(!schema.isValid(value))
        var shallow: JSONValue = []
        for _ in 0..<50 { shallow = [shallow] }
        #expect(schema.isValid(shallow))
    }

    @Test func collectsEveryFailureUpToTheLimit() throws {
        let schema = try JSONSchema(JSONParser.parse(##"{"items":{"type":"string"}}"##))
        let value = JSONValue.array((0..<100).map { JSONValue.number(JSONNumber(Int64($0))) })
        let failures = schema.failures(of: value)
        #expect(failures.count == ValidationError.maximumFailures)
        #expect(failures.first?.pointer == "/0")
        #expect(failures.last?.pointer == "/31")
    }
}
